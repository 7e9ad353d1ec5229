// The agent's startup output: one summary line at the default level, nothing at
// warn, the detail at debug; never a secret at any level.
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
});
afterAll(() => receiver.stop());

const lines = (s: string) => s.split('\n').filter(Boolean);

test('default level: exactly one line with version, Node, service, destination, propagators, coexistence, instrumentations', async () => {
  const r = await runToEnd('dx/hello.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'hello' } });
  expect(r.stdout).toBe('HELLO\n');
  const out = lines(r.stderr);
  expect(out).toHaveLength(1);
  const line = out[0];
  expect(line).toMatch(new RegExp(`^\\[botanu\\] agent \\d+\\.\\d+\\.\\d+ on Node ${process.versions.node.replace(/\./g, '\\.')}: service hello, exporting to ${receiver.url.replace(/\./g, '\\.')}/v1/traces, propagators tracecontext,baggage, coexistence standalone, instrumenting http, undici, express 5\\.3\\.0, `));
  expect(line).toContain('koa 3.3.0');
  expect(line).toMatch(/\(more: BOTANU_LOG_LEVEL=debug, npx botanu-agent doctor\)$/);
});

test('a worker thread and a forked child print no line of their own: one line per app, the parent\'s', async () => {
  const r = await runToEnd('dx/forks-children.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'parent' } });
  expect(r.stdout).toBe('DONE 0\n');
  const out = lines(r.stderr);
  expect(out).toHaveLength(1);
  expect(out[0]).toMatch(/^\[botanu\] agent .*: service parent, /);
  // at debug each of them says it started
  const debug = await runToEnd('dx/forks-children.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, BOTANU_LOG_LEVEL: 'debug' } });
  expect(lines(debug.stderr).filter((l) => /^\[botanu\] (debug: )?agent \d/.test(l))).toHaveLength(3);
});

test('BOTANU_LOG_LEVEL=warn: silent', async () => {
  const r = await runToEnd('dx/hello.cjs', { preload: 'import', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, BOTANU_LOG_LEVEL: 'warn' } });
  expect(r.stdout).toBe('HELLO\n');
  expect(r.stderr).toBe('');
});

test('BOTANU_LOG_LEVEL=debug: the settings taken from the environment, redacted; no secret at any level', async () => {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace('http://', 'http://planted-user:PLANTED-pass@'),
    BOTANU_API_KEY: 'sk-live-PLANTED-key',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=PLANTED-hdr',
    OTEL_SERVICE_NAME: 'hello',
    BOTANU_LOG_LEVEL: 'debug',
  };
  const r = await runToEnd('dx/hello.cjs', { preload: 'require', env });
  expect(r.stderr).not.toMatch(/PLANTED|planted-user/);
  const out = lines(r.stderr);
  expect(out.filter((l) => l.startsWith('[botanu] agent '))).toHaveLength(1);
  const settings = out.find((l) => l.startsWith('[botanu] debug: settings from the environment:'));
  expect(settings).toContain('OTEL_SERVICE_NAME=hello');
  expect(settings).toContain('BOTANU_API_KEY=<redacted>');
  expect(settings).toContain('OTEL_EXPORTER_OTLP_HEADERS=<redacted>');
  expect(settings).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}/`);
  expect(out.some((l) => l.startsWith('[botanu] debug: esm hooks:'))).toBe(true);
});

test('dd-trace preloaded first: the summary names the coexistence mode', async () => {
  const r = await runToEnd('dx/hello.cjs', { preload: 'require', nodeFlags: ['--require', 'dd-trace/init'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'hello', DD_TRACE_STARTUP_LOGS: 'false' } });
  expect(r.stdout).toBe('HELLO\n');
  const summary = lines(r.stderr).filter((l) => l.startsWith('[botanu] agent '));
  expect(summary).toHaveLength(1);
  expect(summary[0]).toContain(', coexistence standalone+dd-trace, instrumenting http, undici, express 5.3.0');
});
