// Libraries that queue a callback and run it later must run it under its own
// caller's run, or the work is attributed to another customer. CommonJS and ESM:
// - lru-memoizer: two runs load the same key at once (one load): each callback's
//   HTTP call carries its own run (without the fix both carry the first caller's);
// - generic-pool: run B waits for the resource run A holds; acquire spans and
//   the work after acquire stay in each run; dataloader: load and batch spans;
// - socket.io: each client connected inside its own run; the server's connection
//   handler, event handler, its emits, and the ack callback of its emit carry
//   that client's run (default transport, and websocket only).
import { runToEnd } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

const runOf = (spans: DecodedSpan[], name: string) => spans.find((s) => s.name === `botanu.run/${name}`)!;
// The called server's span: the run crossed in the call's baggage.
const clientCall = (spans: DecodedSpan[], path: string) => spans.find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === path)!;

/** Carries the run's id and customer (and, unless `sameTrace` is false, is in its trace). */
function expectInRun(span: DecodedSpan | undefined, run: DecodedSpan, what: string, sameTrace = true): void {
  expect({ what, found: span !== undefined, traceId: sameTrace ? span?.traceId : run.traceId, runId: span?.attributes['botanu.run_id'], cust: span?.attributes['botanu.customer_id'] }).toEqual({
    what,
    found: true,
    traceId: run.traceId,
    runId: run.attributes['botanu.run_id'],
    cust: run.attributes['botanu.customer_id'],
  });
}

async function run(script: string, preload: 'require' | 'import', env: Record<string, string> = {}) {
  const res = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'ctx-app', ...env } });
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|fail|warn/i) });
  expect(res.stdout).toContain('DONE');
  return res.stdout;
}

describe.each([
  ['CommonJS app, --require', 'require', 'cjs'],
  ['ESM app, --import', 'import', 'mjs'],
] as const)('%s', (_label, preload, ext) => {
  test('lru-memoizer, generic-pool and dataloader callbacks run under their own caller\'s run', async () => {
    const stdout = await run(`frameworks/callbacks.${ext}`, preload);
    expect(stdout).toContain('memoizer loads 1');
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/loader') && all.filter((s) => s.kind === SPAN_KIND.SERVER).length >= 5);
    for (const name of ['memo-a', 'memo-b', 'pool-a', 'pool-b']) expectInRun(clientCall(spans, `/${name}`), runOf(spans, name), `${name} callback`);
    for (const name of ['pool-a', 'pool-b']) expectInRun(spans.find((s) => s.name === 'generic-pool.acquire' && s.attributes['botanu.workflow'] === name), runOf(spans, name), `${name} acquire`);
    const loader = runOf(spans, 'loader');
    expect(spans.filter((s) => s.traceId === loader.traceId && s.scope.name === '@opentelemetry/instrumentation-dataloader').map((s) => s.name).sort()).toEqual(['dataloader.batch', 'dataloader.load', 'dataloader.load']);
    for (const s of spans.filter((x) => x.traceId === loader.traceId)) expectInRun(s, loader, s.name);
  });

  test('socket.io: the handshake\'s run reaches the connection handler, each event handler, its emits and its ack callbacks', async () => {
    await expectSocketIoRuns(`frameworks/socketio.${ext}`, preload);
  });
});

test('socket.io over websocket only: the upgrade request\'s run reaches the handlers the same way', async () => {
  await expectSocketIoRuns('frameworks/socketio.cjs', 'require', { SOCKETIO_TRANSPORT: 'websocket' });
});

async function expectSocketIoRuns(script: string, preload: 'require' | 'import', env: Record<string, string> = {}): Promise<void> {
  await run(script, preload, env);
  const spans = await receiver.waitFor((all) => all.filter((s) => s.scope.name === '@opentelemetry/instrumentation-socket.io' && s.attributes['messaging.socket.io.event_name'] === 'finished').length >= 2);
  for (const who of ['sock-a', 'sock-b']) {
    const r = runOf(spans, who);
    // Events arrive long after the connect: a trace of their own, with the handshake's run.
    expectInRun(clientCall(spans, `/connect-${who}`), r, `${who} connection handler's call`, false);
    const handler = clientCall(spans, `/handler-${who}`);
    expectInRun(handler, r, `${who} handler's call`, false);
    expectInRun(clientCall(spans, `/reply-ack-${who}`), r, `${who} ack callback's call`, false);
    const socketSpans = spans.filter((s) => s.scope.name === '@opentelemetry/instrumentation-socket.io' && s.traceId === handler.traceId);
    expect(socketSpans.map((s) => `${s.kind} ${s.attributes['messaging.socket.io.event_name']}`).sort()).toEqual([`${SPAN_KIND.PRODUCER} finished`, `${SPAN_KIND.PRODUCER} reply`, `${SPAN_KIND.CONSUMER} ask`]);
    for (const s of socketSpans) expectInRun(s, r, `${who} ${s.name}`, false);
  }
}
