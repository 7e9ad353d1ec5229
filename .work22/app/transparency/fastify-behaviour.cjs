// fastify behaviours the agent must not change (issue 21; found by fastify's own
// suite): chaining, thrown non-Errors, hook validation errors, introspection
// (hasPlugin, printPlugins, printRoutes with hooks), route handler identity, no
// decorations on requests, the status an error handler sees and answers with.
// Served over real HTTP, so the agent's spans are active while fastify runs.
// Prints one line: RESULT <json>.
const Fastify = require('fastify');
const http = require('node:http');

const out = {};
const seen = [];
const app = Fastify();
const handler = async function hello(request) {
  seen.push({ decorated: 'opentelemetry' in request, keys: Object.keys(request).sort(), ownHandler: request.routeOptions.handler === handler });
  return { ok: true };
};
app.get('/hello', handler);
for (const [label, value] of [['null', null], ['undefined', undefined], ['symbol', Symbol('s')], ['string', 'str']]) {
  app.get(`/throw/${label}`, () => {
    throw value;
  });
  app.get(`/reject/${label}`, async () => {
    throw value;
  });
  app.register(async (child) => {
    child.addHook('onRequest', async () => {
      throw value;
    });
    child.get(`/hook/${label}`, async () => 'unreached');
  });
}
app.register(async function childPlugin(child) {
  child.addHook('preHandler', async () => {});
  child.get('/child', async () => 'child');
});
// An error handler that sends without a status: fastify answers with the status the reply had.
app.register(async function quietErrors(child) {
  child.setErrorHandler((err, request, reply) => {
    reply.send({ quiet: String(err?.message), statusSeen: reply.statusCode });
  });
  child.get('/quiet-error', async () => {
    throw new Error('quiet');
  });
});
app.register(async function errors(child) {
  child.setErrorHandler((err, request, reply) => {
    seen.push({ statusAtErrorHandler: reply.statusCode });
    reply.code(418).send({ handled: String(err?.message) });
  });
  child.get('/custom-error', async () => {
    throw new Error('custom');
  });
});

out.notFoundChains = app.setNotFoundHandler((request, reply) => reply.code(404).send('nope')) === app;
// Each on an instance of its own: some are rejected at once, others when the instance boots.
async function addHookOutcome(hook) {
  const f = Fastify();
  try {
    f.addHook('onRequest', hook);
    await f.ready();
    return 'accepted';
  } catch (err) {
    return `${err.code}: ${err.message}`;
  } finally {
    await f.close().catch(() => {});
  }
}

function fetchText(port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      })
      .on('error', reject);
  });
}

app.listen({ port: 0, host: '127.0.0.1' }).then(async () => {
  const { port } = app.server.address();
  for (const [label, hook] of [['async with done', async function (request, reply, done) {}], ['null', null], ['string', 'x']]) {
    out[`addHook ${label}`] = await addHookOutcome(hook);
  }
  out.responses = {};
  for (const p of ['/hello', '/child', '/custom-error', '/quiet-error', '/missing', ...['null', 'undefined', 'symbol', 'string'].flatMap((l) => [`/throw/${l}`, `/reject/${l}`, `/hook/${l}`])]) {
    out.responses[p] = await fetchText(port, p);
  }
  out.seen = seen;
  out.hasOtelPlugin = app.hasPlugin('@fastify/otel');
  out.printPlugins = app.printPlugins().replace(/\d+ ms/g, 'N ms');
  out.printRoutes = app.printRoutes({ includeHooks: true, commonPrefix: false });
  out.instanceSymbols = Object.getOwnPropertySymbols(app).map(String).filter((s) => /otel/i.test(s));
  console.log(`RESULT ${JSON.stringify(out)}`);
  await app.close();
});
