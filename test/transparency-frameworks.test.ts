// With the agent, express, koa and fastify behave exactly as without it (issue 21).
// Each fixture app records behaviours the libraries' own test suites caught the
// agent changing (fixtures/transparency/*-behaviour.cjs); it runs plain, with the
// agent exporting nowhere, and with the agent exporting to a port that refuses
// connections, and the three records must be equal. docs/library-suites.md.
import * as net from 'node:net';
import { runToEnd, type Preload } from './helpers/app';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

type Record_ = Record<string, unknown>;

async function refusedEndpoint(): Promise<string> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

async function record(script: string, preload: Preload, env: Record<string, string>) {
  const r = await runToEnd(`transparency/${script}`, { preload, env }, 60_000);
  const line = (tag: string) => {
    const m = new RegExp(`^${tag} (.*)$`, 'm').exec(r.stdout);
    return m ? (JSON.parse(m[1]) as Record_) : undefined;
  };
  if (!line('RESULT')) throw new Error(`${script} (${preload}) printed no RESULT: ${r.stderr.slice(-2000)}`);
  return { result: line('RESULT')!, residual: line('RESIDUAL'), stderr: r.stderr };
}

/** The record plain, with the agent exporting nowhere, and with the agent facing a refusing collector. */
async function threeWays(script: string, library: RegExp) {
  const plain = await record(script, 'none', {});
  const none = await record(script, 'require', { OTEL_TRACES_EXPORTER: 'none' });
  const refused = await record(script, 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: await refusedEndpoint() });
  // The agent did instrument the library (else the comparison proves nothing).
  expect(none.stderr).toMatch(library);
  expect(refused.stderr).toMatch(library);
  return { plain, none, refused };
}

test('express: next === req.next in res.format() callbacks (canonicalized types, .default) and error handlers; layers keep name and arity; a router driven with plain req/res objects', async () => {
  const { plain, none, refused } = await threeWays('express-behaviour.cjs', /instrumenting [^\n]*express 5\.3\.0/);
  const seen = plain.result.seen as Record<string, Record_>;
  expect(seen.json).toEqual({ req: true, res: true, next: true, reqNext: true });
  expect(seen.default).toEqual({ req: true, res: true, next: true, reqNext: true });
  expect(plain.result.canonical).toEqual({ status: 200, type: 'application/json', body: 'json' });
  expect(plain.result.layer).toEqual({ name: 'named', handleName: 'named', handleLength: 3, ownSymbols: 0 });
  expect((plain.result.drive as Record_).body).toBe('driven');
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

test("koa: app.use() of a non-function throws koa's own TypeError; use() chains; the kept middleware has the app function's name and length", async () => {
  const { plain, none, refused } = await threeWays('koa-behaviour.cjs', /instrumenting [^\n]*koa 3\.3\.0/);
  expect(plain.result.null).toBe('TypeError: middleware must be a function!');
  expect(plain.result.chains).toBe(true);
  expect(plain.result.kept).toEqual({ name: 'oneArg', length: 1, ownSymbols: 0 });
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

describe('fastify', () => {
  let runs: Awaited<ReturnType<typeof threeWays>>;
  beforeAll(async () => {
    runs = await threeWays('fastify-behaviour.cjs', /instrumenting [^\n]*fastify 5\.12\.8/);
  }, 180_000);

  test('chaining, thrown null/undefined/symbols/strings, hook validation errors, hasPlugin/printPlugins/printRoutes, no request decoration: all as without the agent', () => {
    const { plain, none, refused } = runs;
    expect(plain.result.notFoundChains).toBe(true);
    expect(plain.result['addHook async with done']).toMatch(/^FST_ERR_HOOK_INVALID_ASYNC_HANDLER/);
    expect(plain.result['addHook null']).toMatch(/^FST_ERR_HOOK_INVALID_HANDLER/);
    expect((plain.result.responses as Record_)['/throw/null']).toBe('500 null');
    expect(plain.result.hasOtelPlugin).toBe(false);
    expect(none.result).toEqual(plain.result);
    expect(refused.result).toEqual(plain.result);
  });

  // Known residual, fastify's own: when its `tracing:fastify.request.handler`
  // channel has any subscriber (ours, or any APM's), fastify sets the reply's
  // status (500) before a custom error handler runs; without one the handler
  // sees 200. Fails (as expected) until fastify makes both paths agree.
  test.failing('a custom error handler sees the same reply.statusCode as without the agent', () => {
    expect(runs.none.residual).toEqual(runs.plain.residual);
  });
});

test('fastify spans: the route on the server span, a handler span per request, thrown non-Errors recorded without touching the response', async () => {
  const receiver = await new OtlpReceiver().start();
  try {
    const r = await record('fastify-behaviour.cjs', 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect((r.result.responses as Record_)['/throw/symbol']).toBe('500 ');
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'request handler - /throw/symbol') && s.some((x) => x.name === 'GET /hello'), 15_000);
    const server = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.name === 'GET /hello')!;
    expect(server.attributes['http.route']).toBe('/hello');
    const handler = spans.find((s) => s.name === 'request handler - /hello')!;
    expect(handler.parentSpanId).toBe(server.spanId);
    expect(handler.scope.name).toBe('@botanu/instrumentation-fastify');
    for (const label of ['null', 'undefined', 'symbol', 'string']) {
      const failed = spans.find((s) => s.name === `request handler - /throw/${label}`)!;
      expect(failed.status.code).toBe(2);
    }
    expect(spans.find((s) => s.name === 'request handler - /throw/symbol')!.status.message).toBe('Symbol(s)');
    expect(r.stderr).not.toMatch(/TypeError|Cannot read properties/);
  } finally {
    await receiver.stop();
  }
}, 120_000);
