// `botanu-agent doctor` as a user runs it: the installed bin, in the app's
// directory, with the app's environment; against a real receiver.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

const BIN = path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent');
const PRELOAD = '--require @botanu/agent/register';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function doctor(env: Record<string, string | undefined>, opts: { cwd?: string; args?: string[] } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, 'doctor', '--timeout', '3000', ...(opts.args ?? [])], { cwd: opts.cwd ?? APP_DIR, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c) => (stdout += c));
    proc.stderr.on('data', (c) => (stderr += c));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const r = await new OtlpReceiver().start();
  const { port } = r;
  await r.stop();
  return port;
}

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

test('healthy app: exit 0, coverage listed, one test span reaches the collector', async () => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'shop', NODE_OPTIONS: PRELOAD };
  const r = await doctor(env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/✓ Node \d+\.\d+\.\d+ \(supported; the agent needs >=22\.15\.0\)/);
  expect(r.stdout).toMatch(/OTEL_SERVICE_NAME\s+shop\s+env\n/);
  expect(r.stdout).toMatch(/OTEL_TRACES_SAMPLER\s+parentbased_always_on\s+default\n/);
  expect(r.stdout).toMatch(/✓ express 5\.3\.0\s+covered by @botanu\/agent \(instrumentations\/express\) \(>=4\.0\.0 <6\)/);
  expect(r.stdout).toMatch(/✓ koa 3\.3\.0\s+covered by @opentelemetry\/instrumentation-koa/);
  expect(r.stdout).toMatch(/✓ http, https\s+covered by botanu \(instrumentations\/http\)/);
  expect(r.stdout).toContain('✓ NODE_OPTIONS: --require @botanu/agent/register — the botanu agent');
  expect(r.stdout).toContain(`✓ ${receiver.url}/v1/traces: accepted`);
  expect(r.stdout).toContain('✓ telemetry will flow: nothing prevents it');
  const [check] = await receiver.waitFor((s) => s.some((x) => x.name === 'botanu.doctor/check'));
  expect(check.resource['service.name']).toBe('shop');

  const json = JSON.parse((await doctor(env, { args: ['--json'] })).stdout);
  expect(json.blocking).toEqual([]);
  expect(json.libraries.libraries).toContainEqual(expect.objectContaining({ library: 'express', installed: '5.3.0', status: 'covered', coveredBy: '@botanu/agent (instrumentations/express)' }));
  // Ranges written per module in the registry are checked per module.
  expect(json.libraries.libraries).toContainEqual(expect.objectContaining({ library: 'pg', status: 'covered', checkedRange: '>=8.0.3 <9' }));
  expect(json.libraries.libraries).toContainEqual(expect.objectContaining({ library: '@redis/client', status: 'covered', checkedRange: '1.x || 5.x || 6.x' }));
  expect(json.checks).toEqual([expect.objectContaining({ ok: true, url: `${receiver.url}/v1/traces`, result: 'accepted' })]);
  expect(json.settings).toContainEqual({ name: 'OTEL_SERVICE_NAME', value: 'shop', source: 'env' });
});

test('bad env values: each reported with the value that replaced it; telemetry still flows', async () => {
  const r = await doctor({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    NODE_OPTIONS: PRELOAD,
    OTEL_BSP_SCHEDULE_DELAY: 'soon',
    OTEL_TRACES_SAMPLER: 'sometimes',
    OTEL_PROPAGATORS: 'tracecontext,xray',
    OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'expres',
  });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Problems in the environment (5)');
  expect(r.stdout).toContain('! OTEL_PROPAGATORS does not include baggage: the botanu run context will not reach downstream services');
  expect(r.stdout).toContain('! OTEL_BSP_SCHEDULE_DELAY="soon" is invalid (expected an integer from 0 to 600000); using 5000');
  expect(r.stdout).toContain('! OTEL_TRACES_SAMPLER="sometimes" is invalid');
  expect(r.stdout).toMatch(/! OTEL_PROPAGATORS: unknown or unsupported propagator "xray".*ignoring it/);
  expect(r.stdout).toMatch(/! OTEL_NODE_DISABLED_INSTRUMENTATIONS: unknown instrumentation "expres"/);
  expect(r.stdout).toMatch(/OTEL_BSP_SCHEDULE_DELAY\s+5000\s+default, env value rejected: expected an integer/);
  expect(r.stdout).toMatch(/propagators\s+tracecontext\n/);
  expect(r.stdout).toContain('✓ telemetry will flow');
});

test('unreachable collector and a collector refusing the span: exit 1 with the connection error and the HTTP status', async () => {
  const refusing = await new OtlpReceiver({ respond: () => ({ status: 401 }) }).start();
  try {
    const port = await closedPort();
    const r = await doctor({ BOTANU_COLLECTOR_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_ENDPOINT: refusing.url, NODE_OPTIONS: PRELOAD });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`✗ http://127\\.0\\.0\\.1:${port}/v1/traces: ECONNREFUSED`));
    expect(r.stdout).toContain(`✗ ${refusing.url}/v1/traces: HTTP 401`);
    expect(r.stdout).toContain('✗ 2 problems prevent telemetry:');
  } finally {
    await refusing.stop();
  }
});

test('agent switched off, or exporting nowhere: exit 1 saying why', async () => {
  const off = await doctor({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, NODE_OPTIONS: PRELOAD, BOTANU_ENABLED: 'false' });
  expect(off.code).toBe(1);
  expect(off.stdout).toContain('✗ the agent is disabled by BOTANU_ENABLED=false');
  const nowhere = await doctor({ NODE_OPTIONS: PRELOAD, OTEL_TRACES_EXPORTER: 'none' });
  expect(nowhere.code).toBe(1);
  expect(nowhere.stdout).toContain('✗ no destination: OTEL_TRACES_EXPORTER=none sends spans nowhere');
  expect(receiver.spans).toHaveLength(0);
});

describe('an app with an old koa and its own tracing file', () => {
  const dir = path.join(APP_DIR, 'dx', 'legacy-app');
  beforeAll(() => {
    // A real koa 1.7.1 (installed as koa-v1 by fixtures/dx/deps.json), seen by the app as `koa`.
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.rmSync(path.join(dir, 'node_modules', 'koa'), { force: true });
    fs.symlinkSync(path.join(APP_DIR, 'node_modules', 'koa-v1'), path.join(dir, 'node_modules', 'koa'));
    fs.copyFileSync(path.join(APP_DIR, 'dx', 'tracing.cjs'), path.join(dir, 'tracing.cjs'));
    const pkg = { name: 'legacy-app', private: true, scripts: { start: 'node --require ./tracing.cjs --require @botanu/agent/register server.js' }, dependencies: { koa: '1.7.1', lodash: '4.17.21' } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  });

  test('an installed version outside the supported range is flagged', async () => {
    const r = await doctor({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/! koa 1\.7\.1\s+NOT COVERED: koa 1\.7\.1 is outside >=2\.0\.0 <4/);
    expect(r.stdout).toContain('! koa 1.7.1 is outside >=2.0.0 <4');
    expect(r.stdout).toContain('no dedicated instrumentation (their HTTP calls are still traced): lodash');
    const json = JSON.parse((await doctor({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, { cwd: dir, args: ['--json'] })).stdout);
    expect(json.libraries.libraries).toContainEqual(expect.objectContaining({ library: 'koa', installed: '1.7.1', status: 'unsupported-version', versions: '>=2.0.0 <4' }));
  });

  test('a local tracing file in the start script is reported as another tracer', async () => {
    const r = await doctor({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, { cwd: dir });
    expect(r.stdout).toContain('! package.json scripts.start: --require ./tracing.cjs — sets up OpenTelemetry SDK (NodeSDK), set up in ./tracing.cjs');
    expect(r.stdout).toContain('✓ package.json scripts.start: --require @botanu/agent/register — the botanu agent');
  });
});

test('dd-trace preloaded through NODE_OPTIONS is reported; doctor itself runs without it', async () => {
  const r = await doctor({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, NODE_OPTIONS: `--require dd-trace/init ${PRELOAD}`, DD_TRACE_STARTUP_LOGS: 'false' });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('! NODE_OPTIONS: --require dd-trace/init — sets up Datadog dd-trace');
  expect(r.stdout).toContain('! NODE_OPTIONS --require dd-trace/init starts Datadog dd-trace in the same process');
  // Had dd-trace been loaded into doctor, its http patch would have traced the check request.
  const requests = receiver.requests.filter((q) => q.spans.some((s) => s.name === 'botanu.doctor/check'));
  expect(requests).toHaveLength(1);
  expect(requests[0].headers['x-datadog-trace-id']).toBeUndefined();
});

test('secrets planted in the env never appear in the output', async () => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace('http://', 'http://planted-user:PLANTED-pass-4@'),
    BOTANU_API_KEY: 'sk-live-PLANTED-key-1',
    BOTANU_COLLECTOR_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=PLANTED-hdr-2,authorization=Bearer%20PLANTED-tok-3',
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'garbage-without-equals-PLANTED-5',
    NODE_OPTIONS: PRELOAD,
  };
  for (const args of [[], ['--json']]) {
    const r = await doctor(env, { args });
    expect(r.code).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/PLANTED|planted-user/);
    expect(out).toContain('x-honeycomb-team');
  }
  // The key did go where it is allowed to (a collector on this machine), with the check span.
  expect(receiver.requests.map((q) => q.headers.authorization)).toContain('Bearer sk-live-PLANTED-key-1');
});
