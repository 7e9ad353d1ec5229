// The last hop, no code change (ESM, fastify).
import Fastify from 'fastify';

const app = Fastify();
app.get('/leaf', async (req) => ({ service: 'leaf', received: { baggage: req.headers.baggage ?? null, traceparent: req.headers.traceparent ?? null } }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${app.server.address().port}`);
