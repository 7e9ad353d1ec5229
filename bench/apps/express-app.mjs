// HTTP benchmark app (express): each request makes one outgoing fetch to the
// downstream stub and one Redis call, like a thin service in front of an LLM.
import express from 'express';
import Redis from 'ioredis';

const downstream = process.env.DOWNSTREAM_URL;
const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), lazyConnect: false, maxRetriesPerRequest: 1 });
const key = `bench:${process.pid}`;

const app = express();
app.get('/work/:id', async (req, res) => {
  const [r, hits] = await Promise.all([fetch(downstream), redis.incr(key)]);
  res.json({ id: req.params.id, hits, downstream: await r.json() });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
process.on('SIGTERM', () => {
  server.close();
  redis.del(key).finally(() => redis.disconnect());
});
