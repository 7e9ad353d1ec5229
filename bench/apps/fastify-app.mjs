// HTTP benchmark app (fastify): the same route as express-app.mjs.
import Fastify from 'fastify';
import Redis from 'ioredis';

const downstream = process.env.DOWNSTREAM_URL;
const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), lazyConnect: false, maxRetriesPerRequest: 1 });
const key = `bench:${process.pid}`;

const app = Fastify();
app.get('/work/:id', async (req) => {
  const [r, hits] = await Promise.all([fetch(downstream), redis.incr(key)]);
  return { id: req.params.id, hits, downstream: await r.json() };
});
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${app.server.address().port}`);
process.on('SIGTERM', () => {
  app.close();
  redis.del(key).finally(() => redis.disconnect());
});
