// The entry-point API as an installed package: sync stays sync, nesting, ESM/CJS share state,
// safe no-op without the agent.
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

test('sync stays sync, nested runs get parent_run_id, ESM and CJS copies share the run', async () => {
  const r = await runToEnd('api/workflow-api.mjs', { preload: 'import', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(r.stderr).not.toMatch(/error/i);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  expect(out.syncResult).toBe(42);
  expect(out.syncIsPromise).toBe(false);
  expect(out.cjsSeesRun).toBe(out.outerRunId);
  const spans = await receiver.waitFor((s) => s.filter((x) => x.name.startsWith('botanu.run/')).length >= 3);
  const outer = spans.find((s) => s.name === 'botanu.run/outer')!;
  const inner = spans.find((s) => s.name === 'botanu.run/inner')!;
  expect(outer.attributes['botanu.run_id']).toBe(out.outerRunId);
  expect(inner.attributes['botanu.parent_run_id']).toBe(out.outerRunId);
  expect(inner.attributes['botanu.run_id']).toBe(out.innerRunId);
  expect(inner.parentSpanId).toBe(outer.spanId);
  const sync = spans.find((s) => s.name === 'botanu.run/sync')!;
  expect(sync.attributes['botanu.outcome.status']).toBe('partial');
  expect(sync.attributes['botanu.outcome.reason']).toBe('half done');
  expect(sync.attributes['botanu.event_id']).toBe('evt-7');
});

test('without the agent the API is a safe no-op', async () => {
  const r = await runToEnd('api/workflow-api.mjs', { preload: 'none' });
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  expect(out.syncResult).toBe(42);
  expect(out.outerRunId).toBeNull();
});
