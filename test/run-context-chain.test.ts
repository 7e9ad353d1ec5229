// A three-hop chain: entry (botanuWorkflow, axios) → middle (CJS, fetch) → leaf (ESM fastify).
// Every span inside the run, on every service, carries the same run context.
import { get, startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, services, type DecodedSpan } from './helpers/receiver';

let receiver: OtlpReceiver;
let apps: RunningApp[] = [];

async function start(script: string, name: string, next?: string, preload: 'import' | 'node-options' = 'import') {
  const app = startApp(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: name, NEXT_URL: next } });
  apps.push(app);
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  return `http://127.0.0.1:${port}`;
}

async function chain() {
  const leaf = await start('chain/leaf.mjs', 'leaf');
  const middle = await start('chain/middle.cjs', 'middle', `${leaf}/leaf`, 'node-options');
  return start('chain/entry.mjs', 'entry', `${middle}/work`);
}

beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  apps = [];
});
afterEach(async () => {
  for (const a of apps) a.kill();
  await Promise.all(apps.map((a) => a.exited));
  await receiver.stop();
});

const RUN_KEYS = ['botanu.run_id', 'botanu.workflow', 'botanu.event_id', 'botanu.customer_id', 'botanu.environment'];

/**
 * The spans the run covers: everything in its trace, except entry-service spans
 * that had already ended before the run began (e.g. express middleware); the
 * entry's server span is included although it started before the run.
 */
function inRun(all: DecodedSpan[], run: DecodedSpan): DecodedSpan[] {
  return all.filter(
    (s) => s.traceId === run.traceId && (s.resource['service.name'] !== 'entry' || s.kind === SPAN_KIND.SERVER || s.endTimeUnixNano >= run.startTimeUnixNano),
  );
}

function runOf(s: DecodedSpan) {
  return Object.fromEntries(RUN_KEYS.map((k) => [k, s.attributes[k]]));
}

test('one trace, one run context on every span of every service', async () => {
  const entry = await chain();
  const res = await get(`${entry}/tickets/T-1?customer=acme`);
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body);
  expect(body.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(body.workflow).toBe('support-ticket');

  const spans = await receiver.waitFor((s) => services(s).size === 3 && s.some((x) => x.name === 'botanu.run/support-ticket') && s.filter((x) => x.kind === SPAN_KIND.SERVER).length >= 3);
  await new Promise((r) => setTimeout(r, 300));
  const all = receiver.spans;
  const run = all.find((s) => s.name === 'botanu.run/support-ticket')!;
  const trace = inRun(all, run);
  expect(services(trace)).toEqual(new Set(['entry', 'middle', 'leaf']));
  const expected = { 'botanu.run_id': body.runId, 'botanu.workflow': 'support-ticket', 'botanu.event_id': 'T-1', 'botanu.customer_id': 'acme', 'botanu.environment': 'production' };
  // Every span in the trace: the entry's server span (started before the run), the
  // run span, the axios/fetch client spans, the middle and leaf server and framework spans.
  for (const s of trace) expect({ name: s.name, service: s.resource['service.name'], ...runOf(s) }).toEqual({ name: s.name, service: s.resource['service.name'], ...expected });
  expect(trace.filter((s) => s.kind === SPAN_KIND.SERVER).map((s) => s.resource['service.name']).sort()).toEqual(['entry', 'leaf', 'middle']);
  expect(trace.filter((s) => s.kind === SPAN_KIND.CLIENT).length).toBeGreaterThanOrEqual(2);

  // Outcome on the run span; the leaf saw the run in W3C baggage.
  expect(run.attributes['botanu.outcome.status']).toBe('success');
  expect(run.attributes['botanu.outcome.value_type']).toBe('tickets_resolved');
  expect(run.attributes['botanu.outcome.value_amount']).toBe(1);
  expect(body.downstream.downstream.received.baggage).toContain(`botanu.run_id=${body.runId}`);
});

test('a spoofed incoming botanu.run_id never becomes the run', async () => {
  const entry = await chain();
  const res = await get(`${entry}/tickets/T-2?customer=acme`, { baggage: 'botanu.run_id=spoofed-run,botanu.customer_id=evil,botanu.parent_run_id=p,other=kept' });
  const body = JSON.parse(res.body);
  expect(body.runId).not.toBe('spoofed-run');
  await receiver.waitFor((s) => services(s).size === 3 && s.some((x) => x.name === 'botanu.run/support-ticket'));
  await new Promise((r) => setTimeout(r, 300));
  const run = receiver.spans.find((s) => s.name === 'botanu.run/support-ticket')!;
  const trace = inRun(receiver.spans, run);
  for (const s of trace) {
    expect(s.attributes['botanu.run_id']).toBe(body.runId);
    expect(s.attributes['botanu.customer_id']).toBe('acme');
    expect(s.attributes['botanu.parent_run_id']).toBeUndefined();
  }
  const leafBaggage: string = body.downstream.downstream.received.baggage;
  expect(leafBaggage).not.toContain('spoofed');
  expect(leafBaggage).not.toContain('evil');
  expect(leafBaggage).toContain('other=kept'); // non-botanu entries pass through untouched
});

test('a failing run: ERROR status, exception recorded, outcome failed', async () => {
  const entry = await chain();
  const res = await get(`${entry}/tickets/T-3?customer=acme&fail=1`);
  expect(res.status).toBe(500);
  const [run] = await receiver.waitFor((s) => s.some((x) => x.name === 'botanu.run/support-ticket')).then((s) => s.filter((x) => x.name === 'botanu.run/support-ticket'));
  expect(run.status.code).toBe(2);
  expect(run.events.some((e) => e.name === 'exception' && e.attributes['exception.message'] === 'ticket failed')).toBe(true);
  expect(run.attributes['botanu.outcome.status']).toBe('failed');
});
