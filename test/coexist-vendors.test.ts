// dd-trace and Sentry beside the agent, in either order.
import { startApp, type RunningApp } from './helpers/app';
import { orphans, startDownstream, startSink, waitUntil, type Downstream } from './helpers/coexist';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let botanuRecv: OtlpReceiver;
let downstream: Downstream;
let sink: Awaited<ReturnType<typeof startSink>>;
let app: RunningApp | undefined;

beforeEach(async () => {
  botanuRecv = await new OtlpReceiver().start();
  downstream = await startDownstream();
  sink = await startSink('{"rate_by_service":{}}');
});
afterEach(async () => {
  app?.kill();
  if (app) await app.exited;
  app = undefined;
  await Promise.all([botanuRecv.stop(), downstream.stop(), sink.stop()]);
});

const DD_ENV = {
  DD_TRACE_AGENT_URL: '',
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
  DD_TRACE_STARTUP_LOGS: 'false',
  DD_TRACE_FLUSH_INTERVAL: '100',
  DD_SERVICE: 'dd-side',
};

test.each([
  ['before', ['--require', 'dd-trace/init', '--import', '@botanu/agent/register']],
  ['after', ['--import', '@botanu/agent/register', '--require', 'dd-trace/init']],
])('dd-trace loaded %s the agent', async (_order, flags) => {
  app = startApp('coexist/traced-service.cjs', {
    preload: 'none',
    nodeFlags: flags,
    env: { ...DD_ENV, DD_TRACE_AGENT_URL: sink.url, BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url, DOWNSTREAM_URL: downstream.url },
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/, 30_000);
  const upstreamRun = '019a0000-0000-7000-8000-000000000001';
  const r1 = await fetch(`http://127.0.0.1:${port}/work`, { headers: { baggage: `botanu.run_id=${upstreamRun},other=1` } });
  expect(r1.status).toBe(200);
  const r2 = await fetch(`http://127.0.0.1:${port}/run`);
  const { runId } = (await r2.json()) as { runId: string };
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);

  // Downstream, over node:http and fetch: one traceparent (dd-trace's own) and one merged baggage.
  expect(downstream.received).toHaveLength(4);
  for (const [i, h] of downstream.received.entries()) {
    const want = i < 2 ? upstreamRun : runId;
    expect(h.traceparent).toHaveLength(1);
    expect(h.baggage).toHaveLength(1);
    expect(h.baggage[0]).toContain(`botanu.run_id=${want}`);
    if (i < 2) expect(h.baggage[0]).toContain('other=1'); // dd-trace's own entries are kept
    const ddTraceId = BigInt(h['x-datadog-trace-id'][0]).toString(16).padStart(16, '0');
    expect(h.traceparent[0].split('-')[1].slice(16)).toBe(ddTraceId);
  }

  // botanu: the run context on the server and client spans; no orphans (dd's parent is not extracted).
  const spans = await botanuRecv.waitFor((s) => s.filter((x) => x.kind === SPAN_KIND.SERVER).length >= 2 && s.filter((x) => x.kind === SPAN_KIND.CLIENT && x.attributes['botanu.run_id']).length >= 4, 15_000);
  const servers = spans.filter((s) => s.kind === SPAN_KIND.SERVER);
  expect(servers.map((s) => s.attributes['botanu.run_id']).sort()).toEqual([upstreamRun, runId].sort());
  expect(servers.every((s) => s.parentSpanId === '')).toBe(true);
  expect(orphans(spans)).toEqual([]);

  // dd-trace still reports to its agent.
  await waitUntil(() => sink.hits.some((h) => /^\/v0\.[45]\/traces$/.test(h.path)), 10_000);
  // ...and those exports are not traced into botanu.
  await new Promise((r) => setTimeout(r, 300));
  expect(botanuRecv.spans.filter((s) => String(s.attributes['url.full'] ?? '').startsWith(sink.url))).toEqual([]);
  expect(app.stderr()).toMatch(/dd-trace detected: it keeps its spans and owns the trace headers/);
  expect(app.stderr()).not.toMatch(/error/i);
}, 60_000);

test.each([
  ['off, Sentry initialised before the agent', '0', ['--import', './coexist/sentry-init.mjs', '--import', '@botanu/agent/register']],
  ['on, Sentry initialised before the agent', '1', ['--import', './coexist/sentry-init.mjs', '--import', '@botanu/agent/register']],
  ['on, Sentry initialised after the agent', '1', ['--import', '@botanu/agent/register', '--import', './coexist/sentry-init.mjs']],
])('Sentry with its OpenTelemetry setup %s', async (_label, otel, flags) => {
  app = startApp('coexist/traced-service.cjs', {
    preload: 'none',
    nodeFlags: flags,
    env: { SENTRY_DSN: `http://public@${sink.url.slice('http://'.length)}/1`, SENTRY_OTEL: otel, BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url, DOWNSTREAM_URL: downstream.url },
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/, 30_000);
  const r = await fetch(`http://127.0.0.1:${port}/run`);
  expect(r.status).toBe(200);
  const { runId } = (await r.json()) as { runId: string };
  // botanu: the request, the run and both outgoing calls, all carrying the run.
  const spans = await botanuRecv.waitFor((s) => s.some((x) => x.kind === SPAN_KIND.SERVER) && s.some((x) => x.name.startsWith('botanu.run')) && s.filter((x) => x.kind === SPAN_KIND.CLIENT).length >= 2, 15_000);
  expect(spans.filter((s) => s.kind === SPAN_KIND.CLIENT).every((s) => s.attributes['botanu.run_id'] === runId)).toBe(true);
  expect(orphans(spans)).toEqual([]);
  // Downstream (node:http and fetch): the run travels, in exactly one baggage header.
  expect(downstream.received).toHaveLength(2);
  for (const h of downstream.received) {
    expect(h.baggage).toHaveLength(1);
    expect(h.baggage[0]).toContain(`botanu.run_id=${runId}`);
    expect((h.traceparent ?? []).length).toBeLessThanOrEqual(1);
    expect(h['sentry-trace']).toHaveLength(1); // Sentry still propagates its own trace
  }
  // Sentry still reports to its ingest endpoint.
  await waitUntil(() => sink.hits.some((h) => /\/api\/1\/envelope\/?$/.test(h.path)), 10_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(botanuRecv.spans.filter((s) => String(s.attributes['url.full'] ?? '').startsWith(sink.url))).toEqual([]);
  expect(app.stderr()).not.toMatch(/error/i);
}, 60_000);

test('dd-trace loaded with tracing off (DD_TRACE_ENABLED=false): the agent propagates as usual', async () => {
  app = startApp('coexist/traced-service.cjs', {
    preload: 'none',
    nodeFlags: ['--require', 'dd-trace/init', '--import', '@botanu/agent/register'],
    env: { ...DD_ENV, DD_TRACE_ENABLED: 'false', DD_TRACE_AGENT_URL: sink.url, BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url, DOWNSTREAM_URL: downstream.url },
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/, 30_000);
  const { runId } = (await (await fetch(`http://127.0.0.1:${port}/run`)).json()) as { runId: string };
  const spans = await botanuRecv.waitFor((s) => s.filter((x) => x.kind === SPAN_KIND.CLIENT).length >= 2, 15_000);
  // The agent's own traceparent continues its client spans; the run travels in one baggage header.
  const clientIds = spans.filter((s) => s.kind === SPAN_KIND.CLIENT).map((s) => s.spanId);
  for (const h of downstream.received) {
    expect(h.traceparent).toHaveLength(1);
    expect(clientIds).toContain(h.traceparent[0].split('-')[2]);
    expect(h.baggage).toHaveLength(1);
    expect(h.baggage[0]).toContain(`botanu.run_id=${runId}`);
    expect(h['x-datadog-trace-id']).toBeUndefined();
  }
  expect(app.stderr()).not.toMatch(/dd-trace detected/);
}, 60_000);

test.each([
  ['before', ['--require', 'dd-trace/init', '--import', '@botanu/agent/register']],
  ['after', ['--import', '@botanu/agent/register', '--require', 'dd-trace/init']],
])('dd-trace loaded %s the agent: none of the agent\'s exports appear in what dd-trace sends', async (_order, flags) => {
  app = startApp('coexist/traced-service.cjs', {
    preload: 'none',
    nodeFlags: flags,
    // Exports every 20 ms: they start while requests are in flight.
    env: { ...DD_ENV, DD_TRACE_AGENT_URL: sink.url, BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url, DOWNSTREAM_URL: downstream.url, OTEL_BSP_SCHEDULE_DELAY: '20' },
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/, 30_000);
  for (let i = 0; i < 50; i += 5) await Promise.all([0, 1, 2, 3, 4].map(() => fetch(`http://127.0.0.1:${port}/work`).then((r) => r.text())));
  await botanuRecv.waitFor((s) => s.filter((x) => x.kind === SPAN_KIND.SERVER).length >= 50, 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  const ddPayloads = Buffer.concat(sink.hits.filter((h) => /^\/v0\.[45]\/traces$/.test(h.path)).map((h) => h.body));
  // dd-trace did record the app's own outgoing calls (the search works)...
  expect(ddPayloads.includes(downstream.url.replace('http://', ''))).toBe(true);
  // ...and nothing of the agent's: no POST …/v1/traces, no tcp.connect to the botanu collector.
  expect(ddPayloads.includes(`127.0.0.1:${botanuRecv.port}`)).toBe(false);
  expect(ddPayloads.includes('/v1/traces')).toBe(false);
}, 60_000);
