// fastify app with no tracing code, for the agent's fastify request spans
// (test/fastify-spans.test.ts): a handler that calls downstream, handlers that
// reject (answered 500 by fastify, 418 by an app error handler, a thrown null),
// a POST whose body fastify parses before the handler runs, and a 404.
const Fastify = require('fastify');

const app = Fastify();
const port = () => app.server.address().port;
app.get('/work/:id', async function work(req) {
  const r = await fetch(`http://127.0.0.1:${port()}/leaf`);
  return { id: req.params.id, downstream: await r.json() };
});
app.post('/echo', async (req) => {
  const r = await fetch(`http://127.0.0.1:${port()}/leaf`);
  return { got: req.body, downstream: await r.json() };
});
app.get('/leaf', async () => ({ leaf: true }));
app.get('/reject', async () => {
  await new Promise((r) => setTimeout(r, 5));
  throw new Error('boom');
});
app.get('/reject-null', async () => {
  throw null;
});
app.register(async (child) => {
  child.setErrorHandler((err, request, reply) => {
    reply.code(418).send({ handled: String(err?.message) });
  });
  child.get('/handled', async () => {
    throw new Error('teapot');
  });
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log(`READY ${port()}`));
