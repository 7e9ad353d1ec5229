// One preload flag instruments ESM and CJS apps: server, client and framework spans.
import { get, startApp, type Preload } from './helpers/app';
import { byName, OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

const cases: [string, string, Preload, string, RegExp][] = [
  ['ESM express', 'http/express-app.mjs', 'import', '@opentelemetry/instrumentation-express', /^GET \/hello\/:id$/],
  ['ESM express', 'http/express-app.mjs', 'require', '@opentelemetry/instrumentation-express', /^GET \/hello\/:id$/],
  ['CJS express', 'http/express-app.cjs', 'node-options', '@opentelemetry/instrumentation-express', /^GET \/hello\/:id$/],
  ['CJS express', 'http/express-app.cjs', 'import', '@opentelemetry/instrumentation-express', /^GET \/hello\/:id$/],
  // fastify: the route is the server span's name, and each routed request has a `request handler - <route>` span.
  ['ESM fastify', 'http/fastify-app.mjs', 'import', '@botanu/instrumentation-fastify', /^GET \/hello\/:id$/],
  ['CJS koa', 'http/koa-app.cjs', 'node-options', '@opentelemetry/instrumentation-koa', /^GET/],
];

test.each(cases)('%s (%s) under %s: server, client and framework spans', async (_label, script, preload, frameworkScope, serverName) => {
  const app = startApp(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'preload-test' } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    const res = await get(`http://127.0.0.1:${port}/hello/42`);
    expect(res.status).toBe(200);
    const spans = await receiver.waitFor((s) => s.some((x) => x.scope.name === frameworkScope) && s.filter((x) => x.kind === SPAN_KIND.SERVER).length >= 2 && s.some((x) => x.kind === SPAN_KIND.CLIENT));
    const servers = spans.filter((s) => s.kind === SPAN_KIND.SERVER);
    const outer = servers.find((s) => serverName.test(s.name) && s.attributes['url.path'] === '/hello/42');
    expect(outer).toBeDefined();
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT)!;
    // The outgoing call is a child of the request, and the downstream server continues the same trace.
    expect(client.traceId).toBe(outer!.traceId);
    const leaf = servers.find((s) => s.attributes['url.path'] === '/leaf')!;
    expect(leaf.traceId).toBe(outer!.traceId);
    expect(leaf.parentSpanId).toBe(client.spanId);
    expect(spans.some((s) => s.scope.name === frameworkScope && s.traceId === outer!.traceId)).toBe(true);
    if (frameworkScope === '@botanu/instrumentation-fastify') {
      // The handler's span sits under the server span and is the parent of the call it makes.
      const all = await receiver.waitFor((s) => s.some((x) => x.scope.name === frameworkScope && x.parentSpanId === outer!.spanId));
      const handler = all.find((s) => s.scope.name === frameworkScope && s.parentSpanId === outer!.spanId)!;
      expect(handler.name).toBe('request handler - /hello/:id');
      expect(handler.attributes['http.route']).toBe('/hello/:id');
      expect(client.parentSpanId).toBe(handler.spanId);
    }
    expect(outer!.resource['service.name']).toBe('preload-test');
    expect(app.stderr()).toMatch(/\[botanu\] agent \d+\.\d+\.\d+ on Node/);
  } finally {
    app.kill();
    await app.exited;
  }
});

test('loading twice (flag + NODE_OPTIONS) initialises once', async () => {
  const app = startApp('http/express-app.mjs', {
    preload: 'import',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, NODE_OPTIONS: '--require @botanu/agent/register' },
  });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    await get(`http://127.0.0.1:${port}/hello/1`);
    const spans = await receiver.waitFor((s) => s.filter((x) => x.kind === SPAN_KIND.SERVER).length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    // Exactly one server span per request: no double instrumentation.
    expect(byName(spans, 'GET /hello/:id')).toHaveLength(1);
    expect(app.stderr().match(/agent \d+\.\d+\.\d+ on Node/g)).toHaveLength(1);
  } finally {
    app.kill();
    await app.exited;
  }
});
