// OTEL_EXPORTER_OTLP_PROTOCOL=grpc: spans go to a real gRPC receiver (node:http2,
// h2c and TLS, with client certificates) as unary TraceService/Export calls,
// decoded on arrival; gzip, retries by gRPC status, the exit-time path, and no
// @grpc/grpc-js loaded into the app.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { cleanEnv, startApp } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { GrpcReceiver, type GrpcReceiverOptions } from './helpers/grpc-receiver';
import { makeTestCerts, type TestCerts } from './helpers/test-certs';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
let certs: TestCerts;
const pem = (name: string) => certs.pem(name);

beforeAll(() => {
  certs = makeTestCerts('botanu-grpc-tls-');
});
afterAll(() => certs.remove());

async function run(receiverOpts: GrpcReceiverOptions, env: (r: GrpcReceiver) => Record<string, string>, path = '/work') {
  const receiver = await new GrpcReceiver(receiverOpts).start();
  const app = startApp('lifecycle/server.mjs', { preload: 'node-options', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', ...env(receiver) } });
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  const answer = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.text(), () => '');
  return { receiver, app, answer, port };
}

async function end(x: { receiver: GrpcReceiver; app: ReturnType<typeof startApp> }) {
  x.app.kill();
  await x.app.exited;
  await x.receiver.stop();
}

test('h2c: unary Export calls with the configured metadata; the endpoint is used as given', async () => {
  const x = await run({}, (r) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=t1' }));
  try {
    const spans = await x.receiver.waitFor((s) => s.filter((y) => y.kind === 2).length >= 2);
    expect(spans.some((s) => s.name === 'GET' && s.kind === 3)).toBe(true);
    const call = x.receiver.calls[0];
    expect(call.path).toBe(EXPORT_PATH);
    expect(call.headers['content-type']).toBe('application/grpc');
    expect(call.headers['x-tenant']).toBe('t1');
    expect(call.compressedFlag).toBe(0);
    expect(x.app.stderr()).toContain(`exporting to ${x.receiver.url}/,`);
    expect(x.app.stderr()).not.toMatch(/\[botanu\] (warn|error)/);
    // The app did not get @grpc/grpc-js from the agent.
    const loaded = (await fetch(`http://127.0.0.1:${x.port}/loaded`).then((r) => r.json())) as string[];
    expect(loaded.filter((m) => m.includes('@grpc'))).toEqual([]);
  } finally {
    await end(x);
  }
});

test('gzip: grpc-encoding gzip, compressed messages decoded', async () => {
  const x = await run({}, (r) => ({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: r.url, OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }));
  try {
    await x.receiver.waitFor((s) => s.some((y) => y.kind === 2));
    expect(x.receiver.calls[0].headers['grpc-encoding']).toBe('gzip');
    expect(x.receiver.calls[0].compressedFlag).toBe(1);
  } finally {
    await end(x);
  }
});

test('endpoint without a scheme: plaintext with OTEL_EXPORTER_OTLP_INSECURE=true', async () => {
  const x = await run({}, (r) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `127.0.0.1:${r.port}`, OTEL_EXPORTER_OTLP_INSECURE: 'true' }));
  try {
    await x.receiver.waitFor((s) => s.some((y) => y.kind === 2));
  } finally {
    await end(x);
  }
});

test('TLS with the CA from OTEL_EXPORTER_OTLP_CERTIFICATE and a client certificate (mutual TLS)', async () => {
  const x = await run({ tls: { key: pem('server.key'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true } }, (r) => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: r.url,
    OTEL_EXPORTER_OTLP_CERTIFICATE: certs.file('ca.pem'),
    OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.file('client.key'),
    OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.file('client.pem'),
  }));
  try {
    await x.receiver.waitFor((s) => s.filter((y) => y.kind === 2).length >= 2);
    expect(x.receiver.url).toMatch(/^https:/);
  } finally {
    await end(x);
  }
});

test('TLS: a scheme-less endpoint is TLS by default; an untrusted server certificate is refused', async () => {
  const x = await run({ tls: { key: pem('server.key'), cert: pem('server.pem') } }, (r) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `127.0.0.1:${r.port}`, BOTANU_LOG_LEVEL: 'warn' }));
  try {
    await expect(x.app.waitForOutput(/never/, 1500)).rejects.toThrow();
    expect(x.receiver.calls).toHaveLength(0);
  } finally {
    await end(x);
  }
});

test('UNAVAILABLE is retried and then delivered once; INVALID_ARGUMENT is not retried', async () => {
  const retried = await run({ status: (n) => ({ code: n === 0 ? 14 : 0, message: 'restarting' }) }, (r) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: r.url }));
  try {
    await retried.receiver.waitFor((s) => s.some((y) => y.kind === 2));
    expect(retried.receiver.calls.length).toBeGreaterThanOrEqual(2);
    const ids = retried.receiver.spans.map((s) => s.spanId);
    expect(new Set(ids).size).toBe(ids.length);
  } finally {
    await end(retried);
  }
  const refused = await run({ status: () => ({ code: 3, message: 'bad request' }) }, (r) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: r.url }));
  try {
    await new Promise((r) => setTimeout(r, 1500));
    expect(refused.receiver.calls).toHaveLength(1);
    expect(refused.app.stderr()).toMatch(/could not export \d+ spans to .*: gRPC INVALID_ARGUMENT: bad request/);
  } finally {
    await end(refused);
  }
});

test('process.exit() right after work: the exit-time path delivers over gRPC, exit code kept', async () => {
  const x = await run({}, (r) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: r.url, OTEL_BSP_SCHEDULE_DELAY: '600000' }), '/exit');
  try {
    expect((await x.app.exited).code).toBe(3);
    await x.receiver.waitFor((s) => s.some((y) => y.attributes['url.path'] === '/exit'), 5000);
    expect(x.app.stderr()).not.toMatch(/unsent [1-9]|failed [1-9]/);
  } finally {
    await end(x);
  }
});

test('doctor checks a gRPC destination over gRPC', async () => {
  const receiver = await new GrpcReceiver().start();
  try {
    const bin = path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent');
    // Not spawnSync: the receiver lives in this process and must keep answering.
    const doctor = spawn(process.execPath, [bin, 'doctor', '--timeout', '3000'], {
      cwd: APP_DIR,
      env: cleanEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, NODE_OPTIONS: '--require @botanu/agent/register' }),
    });
    let stdout = '';
    doctor.stdout.on('data', (c) => (stdout += c));
    await new Promise((r) => doctor.on('exit', r));
    expect(stdout).toContain(`✓ ${receiver.url}/: accepted`);
    expect(receiver.calls).toHaveLength(1);
    expect(receiver.spans.map((s) => s.name)).toEqual(['botanu.doctor/check']);
  } finally {
    await receiver.stop();
  }
});
