// OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS.
import { startApp } from '../helpers/app';
import { OtlpReceiver } from '../helpers/receiver';
import { linesMentioning } from '../helpers/probe';

async function scopesFor(env: Record<string, string>) {
  const recv = await new OtlpReceiver().start();
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: recv.url, ...env } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    await fetch(`http://127.0.0.1:${port}/hello/1`);
    await recv.waitFor((s) => s.some((x) => x.attributes['url.path'] === '/hello/1' || x.name.includes('/hello')), 5000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    return { scopes: new Set(recv.spans.map((s) => s.scope.name)), stderr: app.stderr() };
  } finally {
    app.kill();
    await app.exited;
    await recv.stop();
  }
}

test('disabling express removes express spans only', async () => {
  const { scopes } = await scopesFor({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express' });
  expect(scopes.has('@opentelemetry/instrumentation-express')).toBe(false);
  expect(scopes.has('@opentelemetry/instrumentation-http')).toBe(true);
  expect(scopes.has('@opentelemetry/instrumentation-undici')).toBe(true);
});

test('enabling only http (upstream package names accepted) leaves fetch and express uninstrumented', async () => {
  const { scopes, stderr } = await scopesFor({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: '@opentelemetry/instrumentation-http' });
  expect([...scopes]).toEqual(['@opentelemetry/instrumentation-http']);
  expect(stderr).toMatch(/instrumenting http\b/);
});

test('unknown names warn once per variable and are ignored', async () => {
  const { scopes, stderr } = await scopesFor({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express,nosuchlib', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'alsonothing' });
  expect(scopes.has('@opentelemetry/instrumentation-express')).toBe(true);
  expect(linesMentioning(stderr, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS')).toHaveLength(1);
  expect(linesMentioning(stderr, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS')).toHaveLength(1);
});
