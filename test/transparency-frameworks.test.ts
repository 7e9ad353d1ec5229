// With the agent, node:http, express, koa, fastify, graphql, hapi, socket.io, NestJS, kafkajs, connect and restify behave exactly as without it (issue 21).
// Each fixture app records behaviours the libraries' own test suites caught the
// agent changing (fixtures/transparency/*-behaviour.cjs); it runs plain, with the
// agent exporting nowhere, and with the agent exporting to a port that refuses
// connections, and the three records must be equal. docs/library-suites.md.
import * as net from 'node:net';
import * as path from 'node:path';
import { runToEnd, type Preload } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';
import { APP_DIR } from './helpers/paths';

type Record_ = Record<string, unknown>;

async function refusedEndpoint(): Promise<string> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

async function record(script: string, preload: Preload, env: Record<string, string>, cwd?: string) {
  const r = await runToEnd(cwd ? script : `transparency/${script}`, { preload, env, cwd }, 60_000);
  const line = (tag: string) => {
    const m = new RegExp(`^${tag} (.*)$`, 'm').exec(r.stdout);
    return m ? (JSON.parse(m[1]) as Record_) : undefined;
  };
  if (!line('RESULT')) throw new Error(`${script} (${preload}) printed no RESULT: ${r.stderr.slice(-2000)}`);
  return { result: line('RESULT')!, stderr: r.stderr };
}

/** The record plain, with the agent exporting nowhere, and with the agent facing a refusing collector. */
async function threeWays(script: string, library: RegExp, cwd?: string) {
  const plain = await record(script, 'none', {}, cwd);
  const none = await record(script, 'require', { OTEL_TRACES_EXPORTER: 'none' }, cwd);
  const refused = await record(script, 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: await refusedEndpoint() }, cwd);
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
  expect(plain.result.layer).toEqual({ name: 'named', handleName: 'named', handleLength: 3, ownSymbols: 0, handleIsTheApps: true, handleKeys: [] });
  expect((seen.own as Record_).req).toContain('params');
  expect((plain.result.drive as Record_).body).toBe('driven');
  expect(seen.odd).toEqual({ prototype: null, keys: [] });
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

test('graphql 17: resolvers returning promises and bare thenables, @defer payloads and call order are what graphql answers alone (graphql:resolve left unsubscribed)', async () => {
  const { plain, none, refused } = await threeWays('graphql-behaviour.cjs', /instrumenting [^\n]*graphql 17\.1\.0/);
  const data = (plain.result.execute as { data: { one: Record_ } }).data;
  expect(data.one).toEqual({ id: '1', later: 'later-1', bare: 'bare-1' });
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

test('fastify: chaining, thrown null/undefined/symbols/strings, hook validation errors, error handlers (status seen and answered), hasPlugin/printPlugins/printRoutes, no request decoration', async () => {
  const { plain, none, refused } = await threeWays('fastify-behaviour.cjs', /instrumenting [^\n]*fastify 5\.12\.8/);
  expect(plain.result.notFoundChains).toBe(true);
  expect(plain.result['addHook async with done']).toMatch(/^FST_ERR_HOOK_INVALID_ASYNC_HANDLER/);
  expect(plain.result['addHook null']).toMatch(/^FST_ERR_HOOK_INVALID_HANDLER/);
  const responses = plain.result.responses as Record_;
  expect(responses['/throw/null']).toBe('500 null');
  // With a subscriber on fastify's diagnostics channel this answers 500: why we read the route elsewhere.
  expect(responses['/quiet-error']).toBe('200 {"quiet":"quiet","statusSeen":200}');
  expect(plain.result.hasOtelPlugin).toBe(false);
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 180_000);

test("hapi: a route's options function and an ext method keep hapi's this (bind), a handler keeps its name in hapi's errors, register() of a nameless plugin or nothing rejects with hapi's own error", async () => {
  const { plain, none, refused } = await threeWays('hapi-behaviour.cjs', /instrumenting [^\n]*hapi 21\.4\.13/);
  expect(plain.result['/options-fn']).toBe('200 1+2');
  expect(plain.result['/bound']).toBe('200 bound 42');
  expect((plain.result.errors as string[]).join()).toContain('myEmptyHandler');
  expect(plain.result['register no name']).toMatch(/^Error: Invalid plugin options/);
  expect(plain.result.ownSymbols).toBe(0);
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

test("node:http and hapi: reading the peer address for a span leaves the socket as it was (after the client left, the app reads undefined, as without the agent); the spans keep client.address and network.peer.*", async () => {
  const { plain, none, refused } = await threeWays('peer-address-behaviour.cjs', /instrumenting [^\n]*hapi 21\.4\.13/);
  expect(plain.result).toEqual({ client: {}, server: {}, hapiRemoteAddress: 'undefined' });
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
  const receiver = await new OtlpReceiver().start();
  try {
    const r = await record('peer-address-behaviour.cjs', 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(r.result).toEqual(plain.result);
    const spans = await receiver.waitFor((s) => s.filter((x) => x.kind === SPAN_KIND.SERVER).length >= 2 && s.some((x) => x.kind === SPAN_KIND.CLIENT && x.attributes['http.response.status_code'] === 200), 15_000);
    const forwarded = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['client.address'] === '10.1.2.3')!;
    expect(forwarded.attributes['network.peer.address']).toBe('127.0.0.1');
    expect(forwarded.attributes['network.peer.port']).toEqual(expect.any(Number));
    const direct = spans.find((s) => s.kind === SPAN_KIND.SERVER && s !== forwarded)!;
    expect(direct.attributes['client.address']).toBe('127.0.0.1');
    expect(direct.attributes['network.peer.address']).toBe('127.0.0.1');
    const client = spans.find((s) => s.kind === SPAN_KIND.CLIENT && s.attributes['http.response.status_code'] === 200)!;
    expect(client.attributes['network.peer.address']).toBe('127.0.0.1');
    expect(client.attributes['network.peer.port']).toEqual(forwarded.attributes['server.port']);
  } finally {
    await receiver.stop();
  }
}, 180_000);

test("socket.io: socket.off() removes a listener socket.on() or once() added, listeners() returns the app's, on(ev, null) throws Node's error, thrown null/Symbols reach the app, wrapped methods keep name and length, nothing on the app's sockets", async () => {
  const { plain, none, refused } = await threeWays('socketio-behaviour.cjs', /instrumenting [^\n]*socket\.io 4\.8\.4/);
  expect(plain.result.calls).toEqual(['kept x', 'once y', 'kept x']);
  expect(plain.result['on null']).toBe('ERR_INVALID_ARG_TYPE');
  expect(plain.result.uncaught).toEqual(['Symbol(thrown)']);
  expect(plain.result.emitThrew).toBe('null');
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
  // The listeners socket.on() added still get their consumer span, emit() its producer span.
  const receiver = await new OtlpReceiver().start();
  try {
    await record('socketio-behaviour.cjs', 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    const event = (kind: number, name: string) => (s: DecodedSpan) => s.kind === kind && s.attributes['messaging.socket.io.event_name'] === name;
    const spans = await receiver.waitFor((s) => s.filter(event(SPAN_KIND.CONSUMER, 'x')).length >= 2 && s.some(event(SPAN_KIND.PRODUCER, 'boom')), 15_000);
    expect(spans.filter(event(SPAN_KIND.CONSUMER, 'x'))).toHaveLength(2);
    expect(spans.find(event(SPAN_KIND.CONSUMER, 'throw-symbol'))!.status.code).toBe(2);
  } finally {
    await receiver.stop();
  }
}, 180_000);

describe.each([
  ['12.6.3', 'nest-behaviour.cjs', undefined],
  ['11.2.12', 'nest11-behaviour.cjs', path.join(APP_DIR, 'frameworks', 'nest11')],
])('NestJS %s', (version, script, cwd) => {
  test("what a controller method throws (null, undefined, a Symbol, a string) reaches the app's exception filter as it is; NestFactory.create keeps its name and length and Nest's own error", async () => {
    const { plain, none, refused } = await threeWays(script, new RegExp(`instrumenting [^\\n]*nestjs-core ${version.replace(/\./g, '\\.')}`), cwd);
    const filter = plain.result.filter as Record_;
    expect(filter['/probe/throw-null']).toBe('null');
    expect(filter['/probe/throw-symbol']).toBe('Symbol(thrown)');
    expect(plain.result.create).toEqual({ name: 'create', length: 3 });
    expect((plain.result.responses as Record_).created).toBe('201 yes made');
    expect(none.result).toEqual(plain.result);
    expect(refused.result).toEqual(plain.result);
  }, 120_000);
});

test("kafkajs: send()/sendBatch() of what kafkajs rejects reject with kafkajs's own error (not a TypeError thrown at once), consumer.run() leaves the app's config object as it was, nothing on the app's producer and consumer, wrapped methods keep name and length", async () => {
  const { plain, none, refused } = await threeWays('kafkajs-behaviour.cjs', /instrumenting [^\n]*kafkajs 2\.2\.4/);
  expect(plain.result['send no messages']).toMatch(/^rejected KafkaJSNonRetriableError: Invalid messages array/);
  expect(plain.result.configKept).toBe(true);
  expect(plain.result.symbols).toBe(0);
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

test('connect: a mounted sub-app gets its .route and answers, a mounted http.Server answers, kept middleware has the name and length', async () => {
  const { plain, none, refused } = await threeWays('connect-behaviour.cjs', /instrumenting [^\n]*connect 3\.7\.0/);
  expect(plain.result.route).toBe('/blog');
  expect(plain.result['/BLog/x']).toBe('200 blog /x');
  expect(plain.result['/node/y']).toBe('200 node /y');
  expect(plain.result.kept).toEqual({ name: 'named', length: 3 });
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

test('restify: handlers keep their names, which restify times them under (req.timers)', async () => {
  const { plain, none, refused } = await threeWays('restify-behaviour.cjs', /instrumenting [^\n]*restify 12\.0\.0/);
  expect(plain.result.timers).toEqual(['namedMiddleware', 'namedHandler']);
  expect(none.result).toEqual(plain.result);
  expect(refused.result).toEqual(plain.result);
}, 120_000);

test('fastify spans: the route template on the server span; none for a 404; thrown non-Errors answered as without the agent', async () => {
  const receiver = await new OtlpReceiver().start();
  try {
    const r = await record('fastify-behaviour.cjs', 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect((r.result.responses as Record_)['/throw/symbol']).toBe('500 ');
    const isServer = (path: string) => (s: DecodedSpan) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === path;
    const spans = await receiver.waitFor((s) => ['/hello', '/missing', '/throw/symbol'].every((p) => s.some(isServer(p))), 15_000);
    const hello = spans.find(isServer('/hello'))!;
    expect(hello.name).toBe('GET /hello');
    expect(hello.attributes['http.route']).toBe('/hello');
    expect(spans.find(isServer('/throw/symbol'))!.attributes['http.route']).toBe('/throw/symbol');
    const missing = spans.find(isServer('/missing'))!;
    expect(missing.attributes['http.route']).toBeUndefined();
    expect(missing.name).toBe('GET');
    expect(r.stderr).not.toMatch(/TypeError|Cannot read properties/);
  } finally {
    await receiver.stop();
  }
}, 120_000);
