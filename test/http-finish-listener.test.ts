// A server response's 'finish' and its request's 'end': an app's own listener runs
// in its request's context (its span is a child of the request's server span), even
// when the event is emitted in another context (here a child span's), while
// node:http's own listeners alone run without a context switch (emit-context.ts, issue 14).
import { runToEnd, type Preload } from './helpers/app';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

test.each(['require', 'import'] as Preload[])("an app's 'finish' listener runs in its request's context (--%s)", async (preload) => {
  const res = await runToEnd('http/finish-listener.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'finish-app' } });
  expect({ code: res.code, stdout: res.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('DONE') });
  expect(res.stdout).toContain('STATUS 200 200 200');
  const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'after-finish') && all.some((s) => s.name === 'after-end') && all.filter((s) => s.kind === SPAN_KIND.SERVER).length >= 3);
  const servers = spans.filter((s) => s.kind === SPAN_KIND.SERVER);
  expect(servers.map((s) => s.attributes['url.path'])).toEqual(['/plain', '/listener', '/plain']);
  const listener = servers[1];
  for (const name of ['after-finish', 'after-end']) {
    const after = spans.filter((s) => s.name === name);
    expect({ name, after: after.map((s) => ({ trace: s.traceId, parent: s.parentSpanId })) }).toEqual({ name, after: [{ trace: listener.traceId, parent: listener.spanId }] });
  }
  // Each request its own trace, ended with its own status.
  expect(new Set(servers.map((s) => s.traceId)).size).toBe(3);
  for (const s of servers) expect(s.attributes['http.response.status_code']).toBe(200);
});
