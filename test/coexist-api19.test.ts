// An app on the 2.x SDK and @opentelemetry/api 1.9 (the agent bundles 1.10).
// After the agent: its provider.register() is adopted, everything as with 3.x.
// Before the agent: the registry is 1.9, which the agent's api cannot read; the
// agent attaches in place and adds no instrumentation of its own (one warning),
// so neither pipeline gets orphaned spans and the app's decisions hold.
import { startApp, type RunningApp } from './helpers/app';
import { expectRatioKept, NO_OTEL_NOISE, prepareIsolatedApp, startDownstream, type Downstream } from './helpers/coexist';
import { OtlpReceiver } from './helpers/receiver';

let dir: string;
let appRecv: OtlpReceiver;
let botanuRecv: OtlpReceiver;
let downstream: Downstream;
let app: RunningApp | undefined;

beforeAll(() => {
  dir = prepareIsolatedApp('coexist-api19', 'coexist/api19/deps.json', ['coexist/api19/app-sdk.cjs', 'coexist/app-tracing.cjs', 'coexist/server.cjs', 'coexist/routes.cjs']);
}, 180_000);
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

const N = 200;
test.each([
  ['provider.register() in the app code, after the agent', { APP_SDK: 'inline' }, [] as string[], /the app registered its OpenTelemetry provider \(ParentBased\(TraceIdRatioBased 0\.25\)\): your exporters keep 25%/],
  ['preloaded before the agent', {}, ['--require', './app-sdk.cjs'], /existing OpenTelemetry provider detected on @opentelemetry\/api 1\.9\.1 \(ParentBased\(TraceIdRatioBased 0\.25\)\)[^\n]*\n[^\n]*warn: the app's @opentelemetry\/api 1\.9\.1 registry is older/],
] as const)('SDK 2.x / api 1.9, %s: same decisions, botanu 100%%, no orphans', async (_label, env, nodeFlags, line) => {
  app = startApp('server.cjs', {
    cwd: dir,
    preload: 'import',
    nodeFlags: [...nodeFlags],
    env: { ...NO_OTEL_NOISE, ...env, OTEL_EXPORTER_OTLP_ENDPOINT: appRecv.url, BOTANU_COLLECTOR_ENDPOINT: botanuRecv.url, DOWNSTREAM_URL: downstream.url, APP_SAMPLER: '0.25' },
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/, 30_000);
  await expectRatioKept({ port, n: N, ratio: 0.25, appRecv, botanuRecv, downstream });
  expect(app.stderr()).toMatch(line);
  expect(app.stderr()).not.toMatch(/duplicate registration/i);
  expect(app.stderr().match(/warn:/g)?.length ?? 0).toBeLessThanOrEqual(1);
}, 120_000);
