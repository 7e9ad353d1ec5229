// ESM fastify app with no tracing code.
import Fastify from 'fastify';

const app = Fastify();
app.get('/hello/:id', async (req) => {
  const r = await fetch(`http://127.0.0.1:${app.server.address().port}/leaf`);
  return { id: req.params.id, downstream: await r.json() };
});
app.get('/leaf', async (req) => ({ baggage: req.headers.baggage ?? null }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${app.server.address().port}`);
