// The app's own OpenTelemetry SDK, started before or after the agent, CJS and
// ESM: the app's exporter keeps exactly its sampled share (the same per-trace
// decisions), botanu gets every trace, downstream `traceparent` flags are the
// app sampler's, and there is one server span per request.
import { startApp, type RunningApp } from './helpers/app';
import { drive, expectRatioKept, NO_OTEL_NOISE, parseTraceparent, startDownstream, workServers, type Downstream } from './helpers/coexist';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

let appRecv: OtlpReceiver;
let botanuRecv: OtlpReceiver;
let downstream: Downstream;
let app: RunningApp | undefined;

beforeEach(async () => {
  appRecv = await new OtlpReceiver().start();
  botanuRecv = await new OtlpReceiver().start();
  downstream = await startDownstream();
});
afterEach(async () => {
  app?.kill();
  if (app) await app.exited;
  app = undefined;
  await Promise.all([appRecv.stop(), botanuRecv.stop(), downstream.stop()]);
});

function launch(script: string, sampler: string, extra: { env?: Record<string, string>; nodeFlags?: string[] } = {}): RunningApp {
  app = startApp(script, {
    preload: 'import',
    nodeFlags: extra.nodeFlags,
    env: {
      ...NO_OTEL_NOISE,
      // The app's exporter reads this (as most apps do); the agent must not send there too.
      OTEL_EXPORTER_OTLP_ENDPOINT: appRecv.url,
      BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url,
      DOWNSTREAM_URL: downstream.url,
      APP_SAMPLER: sampler,
      ...extra.env,
    },
  });
  return app;
}

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

const N = 200;
const orders: [string, string, { env?: Record<string, string>; nodeFlags?: string[] }][] = [
  ['CJS app starting its NodeSDK in its code, after the agent', 'coexist/server.cjs', { env: { APP_SDK: 'inline' } }],
  ['ESM app starting its NodeSDK in its code, after the agent', 'coexist/server.mjs', { env: { APP_SDK: 'inline' } }],
  ['CJS app whose SDK is preloaded before the agent', 'coexist/server.cjs', { nodeFlags: ['--require', './coexist/app-sdk.cjs'] }],
  ['ESM app whose SDK is preloaded before the agent', 'coexist/server.mjs', { nodeFlags: ['--import', './coexist/app-sdk.mjs'] }],
];

test.each(orders)('%s: ParentBased(TraceIdRatioBased 0.25) keeps its exact decisions, botanu gets 100%%', async (_label, script, extra) => {
  const a = launch(script, '0.25', extra);
  const [, port] = await a.waitForOutput(/READY (\d+)/, 30_000);
  await expectRatioKept({ port, n: N, ratio: 0.25, appRecv, botanuRecv, downstream });
  expect(a.stderr()).not.toMatch(/duplicate registration/i);
  expect(a.stderr()).toMatch(/(existing OpenTelemetry provider detected|the app registered its OpenTelemetry provider) \(ParentBased\(TraceIdRatioBased 0\.25\)\): your exporters keep 25% with the same decisions; botanu records 100%/);
}, 90_000);

test.each([
  ['always_on', true],
  ['always_off', false],
] as const)('app sampler %s: the app exporter keeps its share (all or nothing), botanu gets every trace', async (sampler, sampled) => {
  const a = launch('coexist/server.cjs', sampler, { env: { APP_SDK: 'inline' } });
  const [, port] = await a.waitForOutput(/READY (\d+)/, 30_000);
  const n = 40;
  expect((await drive(`http://127.0.0.1:${port}/work`, n)).every((s) => s === 200)).toBe(true);
  const flags = downstream.received.map((h) => parseTraceparent(h.traceparent[0]).sampled);
  expect(flags).toEqual(Array(n).fill(sampled));
  await botanuRecv.waitFor((s) => workServers(s).length >= n, 20_000);
  if (sampled) await appRecv.waitFor((s) => workServers(s).length >= n, 20_000);
  await settle();
  expect(workServers(botanuRecv.spans)).toHaveLength(n);
  expect(workServers(appRecv.spans)).toHaveLength(sampled ? n : 0);
  expect(a.stderr()).toMatch(sampled ? /\(AlwaysOn\): your exporters keep 100%/ : /\(AlwaysOff\): your exporters keep 0%/);
}, 60_000);

test("the app's sdk.shutdown() flushes its exporter; the agent keeps delivering afterwards", async () => {
  const a = launch('coexist/server.cjs', 'always_on', { env: { APP_SDK: 'inline', APP_BSP_DELAY: '60000' } });
  const [, port] = await a.waitForOutput(/READY (\d+)/, 30_000);
  await drive(`http://127.0.0.1:${port}/work`, 10, 2);
  await settle();
  expect(appRecv.spans).toHaveLength(0);
  // A long batch delay would hold spans back: shutdown must flush them.
  expect(await (await fetch(`http://127.0.0.1:${port}/shutdown`)).text()).toBe('down');
  expect(workServers(appRecv.spans)).toHaveLength(10);
  await drive(`http://127.0.0.1:${port}/work`, 10, 2);
  const spans = await botanuRecv.waitFor((s) => workServers(s).length >= 20, 20_000);
  await settle();
  expect(workServers(spans)).toHaveLength(20);
  expect(workServers(appRecv.spans)).toHaveLength(10);
  expect(a.stderr()).not.toMatch(/error/i);
}, 60_000);

test("spans only the agent adds (here fetch) go to botanu, not to the app's exporter: it keeps exactly its spans", async () => {
  const a = launch('coexist/server.cjs', 'always_on', { env: { APP_SDK: 'inline' } });
  const [, port] = await a.waitForOutput(/READY (\d+)/, 30_000);
  const n = 5;
  expect((await drive(`http://127.0.0.1:${port}/work-fetch`, n, 1)).every((s) => s === 200)).toBe(true);
  const isFetchServer = (s: DecodedSpan) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === '/work-fetch';
  const spans = await botanuRecv.waitFor((s) => s.filter(isFetchServer).length >= n && s.filter((x) => x.kind === SPAN_KIND.CLIENT).length >= n, 20_000);
  await appRecv.waitFor((s) => s.filter(isFetchServer).length >= n, 20_000);
  await settle();
  // The fetch spans are in botanu, children of the app's server spans, and the downstream continues them.
  const clients = spans.filter((s) => s.kind === SPAN_KIND.CLIENT);
  expect(clients).toHaveLength(n);
  const servers = new Map(spans.filter(isFetchServer).map((s) => [s.spanId, s]));
  expect(clients.every((c) => servers.get(c.parentSpanId)?.traceId === c.traceId)).toBe(true);
  expect(downstream.received.map((h) => parseTraceparent(h.traceparent[0]).spanId).sort()).toEqual(clients.map((c) => c.spanId).sort());
  // The app's exporter: its own server spans only, as before the agent.
  expect(appRecv.spans.filter((s) => s.kind === SPAN_KIND.CLIENT)).toEqual([]);
  expect(appRecv.spans.filter(isFetchServer)).toHaveLength(n);
}, 60_000);

test("the app's own express instrumentation, preloaded before the agent, keeps working: its spans reach its exporter, once", async () => {
  const a = launch('coexist/express-server.cjs', 'always_on', { nodeFlags: ['--require', './coexist/app-sdk.cjs'] });
  const [, port] = await a.waitForOutput(/READY (\d+)/, 30_000);
  const n = 5;
  expect((await drive(`http://127.0.0.1:${port}/hello/7`, n, 1)).every((s) => s === 200)).toBe(true);
  const isHandler = (s: DecodedSpan) => s.scope.name === '@opentelemetry/instrumentation-express' && /request handler/.test(s.name);
  await botanuRecv.waitFor((s) => s.filter(isHandler).length >= n, 20_000);
  await appRecv.waitFor((s) => s.filter(isHandler).length >= n, 20_000);
  await settle();
  // One handler span per request in each pipeline (no second express instrumentation at work).
  expect(appRecv.spans.filter(isHandler)).toHaveLength(n);
  expect(botanuRecv.spans.filter(isHandler)).toHaveLength(n);
  expect(new Set(appRecv.spans.filter(isHandler).map((s) => s.traceId)).size).toBe(n);
}, 60_000);

test("botanu sharing the app's OTLP endpoint: every span arrives there exactly once, the app's share unchanged", async () => {
  app = startApp('coexist/server.cjs', {
    preload: 'import',
    // No BOTANU_COLLECTOR_ENDPOINT: the agent's destination is the app's own endpoint.
    env: { ...NO_OTEL_NOISE, OTEL_EXPORTER_OTLP_ENDPOINT: appRecv.url, DOWNSTREAM_URL: downstream.url, APP_SAMPLER: '0.25', APP_SDK: 'inline' },
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/, 30_000);
  const n = 100;
  expect((await drive(`http://127.0.0.1:${port}/work`, n)).every((s) => s === 200)).toBe(true);
  const spans = await appRecv.waitFor((s) => workServers(s).length >= n && s.filter((x) => x.kind === SPAN_KIND.CLIENT).length >= n, 20_000);
  await settle();
  expect(workServers(spans)).toHaveLength(n);
  expect(appRecv.spans).toHaveLength(2 * n);
  expect(new Set(appRecv.spans.map((s) => s.spanId)).size).toBe(2 * n);
  const flags = new Map(downstream.received.map((h) => [parseTraceparent(h.traceparent[0]).traceId, parseTraceparent(h.traceparent[0]).sampled]));
  expect(workServers(spans).filter((s) => ((s.flags & 1) === 1) !== flags.get(s.traceId))).toEqual([]);
  expect(app.stderr()).toMatch(/botanu shares your exporter's endpoint, so the agent sends it only the spans your exporters do not/);
}, 60_000);
