// fastify's span per routed request (instrumentations/fastify/request-span.ts):
// `request handler - <route>` under the HTTP server span, carrying the route and
// the run, parent of the handler's own work; errors fastify handles make it an
// error (whatever the app's error handler answers); a 404 has none. What reaches
// the OTLP receiver from a real fastify app started with the preload flag.
import { get, runToEnd, startApp, type Preload } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

const RUN_ID = '0193a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const STATUS_ERROR = 2;

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

const serverFor = (path: string) => (s: DecodedSpan) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === path;
const handlerOf = (spans: DecodedSpan[], server: DecodedSpan) => spans.find((s) => s.parentSpanId === server.spanId && s.name.startsWith('request handler - '));

test.each<[Preload]>([['require'], ['import']])('fastify request spans (%s): route, run, children, errors, no 404 span', async (preload) => {
  const app = startApp('http/fastify-spans.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    const base = `http://127.0.0.1:${port}`;
    expect((await get(`${base}/work/7`, { baggage: `botanu.run_id=${RUN_ID}` })).status).toBe(200);
    const posted = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', baggage: `botanu.run_id=${RUN_ID}` }, body: '{"a":1}' });
    expect(posted.status).toBe(200);
    expect((await get(`${base}/reject`)).status).toBe(500);
    expect((await get(`${base}/reject-null`)).status).toBe(500);
    expect((await get(`${base}/handled`)).status).toBe(418);
    expect((await get(`${base}/missing`)).status).toBe(404);
    const paths = ['/work/7', '/echo', '/reject', '/reject-null', '/handled', '/missing'];
    const spans = await receiver.waitFor((s) => paths.every((p) => s.some(serverFor(p))) && s.filter((x) => x.name.startsWith('request handler - ')).length >= 7, 15_000);

    // The handler span: route, method, run, under the server span.
    const server = spans.find(serverFor('/work/7'))!;
    const handler = handlerOf(spans, server)!;
    expect(handler).toBeDefined();
    expect(handler.name).toBe('request handler - /work/:id');
    expect(handler.kind).toBe(SPAN_KIND.INTERNAL);
    expect(handler.scope.name).toBe('@botanu/instrumentation-fastify');
    expect(handler.attributes).toMatchObject({ 'http.route': '/work/:id', 'http.request.method': 'GET', 'http.response.status_code': 200, 'fastify.handler.name': 'work', 'botanu.run_id': RUN_ID });
    expect(handler.status.code).not.toBe(STATUS_ERROR);
    // The fetch the handler makes is its child; the downstream request continues the trace.
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT && s.traceId === server.traceId)!;
    expect(client.parentSpanId).toBe(handler.spanId);
    expect(client.attributes['botanu.run_id']).toBe(RUN_ID);
    const leaf = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === '/leaf' && s.traceId === server.traceId)!;
    expect(leaf.parentSpanId).toBe(client.spanId);
    expect(handlerOf(spans, leaf)!.name).toBe('request handler - /leaf');

    // A body fastify parses first: the handler still runs in the request's span.
    const echoServer = spans.find(serverFor('/echo'))!;
    const echo = handlerOf(spans, echoServer)!;
    expect(echo.attributes).toMatchObject({ 'http.route': '/echo', 'http.request.method': 'POST', 'botanu.run_id': RUN_ID });
    const echoClient = spans.find((s) => s.kind === SPAN_KIND.CLIENT && s.traceId === echoServer.traceId)!;
    expect(echoClient.parentSpanId).toBe(echo.spanId);

    // A rejected promise answered 500: error status with the message, the exception recorded.
    const rejected = handlerOf(spans, spans.find(serverFor('/reject'))!)!;
    expect(rejected.status).toMatchObject({ code: STATUS_ERROR, message: 'boom' });
    expect(rejected.attributes['http.response.status_code']).toBe(500);
    // Once, though fastify's default error handler hands it to the error path twice.
    expect(rejected.events.filter((e) => e.name === 'exception').map((e) => e.attributes['exception.message'])).toEqual(['boom']);
    // A rejected null: an error all the same, nothing read from it.
    const rejectedNull = handlerOf(spans, spans.find(serverFor('/reject-null'))!)!;
    expect(rejectedNull.status.code).toBe(STATUS_ERROR);
    expect(rejectedNull.events.filter((e) => e.name === 'exception').map((e) => e.attributes['exception.type'])).toEqual(['null']);
    // The app's error handler answers 418: the handler still failed.
    const handled = handlerOf(spans, spans.find(serverFor('/handled'))!)!;
    expect(handled.status).toMatchObject({ code: STATUS_ERROR, message: 'teapot' });
    expect(handled.attributes['http.response.status_code']).toBe(418);

    // No route, no handler span.
    const missing = spans.find(serverFor('/missing'))!;
    expect(spans.some((s) => s.traceId === missing.traceId && s.spanId !== missing.spanId)).toBe(false);
    expect(app.stderr()).not.toMatch(/TypeError|Cannot read properties/);
  } finally {
    app.kill();
    await app.exited;
  }
}, 60_000);

test('fastify.inject() (no HTTP server, so no server span): the request span ends with its status and error', async () => {
  const res = await runToEnd('http/fastify-inject.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(res.stdout).toContain('INJECTED 200 500');
  const spans = await receiver.waitFor((s) => s.filter((x) => x.name.startsWith('request handler - ')).length >= 2);
  const ok = spans.find((s) => s.name === 'request handler - /items/:id')!;
  expect(ok.attributes['http.response.status_code']).toBe(200);
  expect(ok.status.code).not.toBe(STATUS_ERROR);
  const broken = spans.find((s) => s.name === 'request handler - /broken')!;
  expect(broken.attributes['http.response.status_code']).toBe(500);
  expect(broken.status).toMatchObject({ code: STATUS_ERROR, message: 'inject boom' });
});
