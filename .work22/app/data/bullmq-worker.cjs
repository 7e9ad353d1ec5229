// A BullMQ worker in its own process (CommonJS); no tracing code. Exits after two jobs.
const { Worker } = require('bullmq');
const { redisClient, handle } = require('./handler-work.cjs');

async function main() {
  const redis = redisClient();
  await redis.connect();
  let handled = 0;
  const worker = new Worker(process.env.QUEUE, (job) => handle(redis, job.data), { connection: { host: '127.0.0.1', port: 6379 } });
  worker.on('completed', async () => {
    if (++handled !== 2) return;
    await worker.close();
    redis.disconnect();
    console.log('HANDLED 2');
  });
  await worker.waitUntilReady();
  console.log('READY');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
