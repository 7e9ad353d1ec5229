// A BullMQ worker whose processor is a file (run by BullMQ in a child process); no
// tracing code. Exits after two jobs.
const path = require('node:path');
const { Worker } = require('bullmq');

async function main() {
  let handled = 0;
  const worker = new Worker(process.env.QUEUE, path.join(__dirname, 'bullmq-processor.cjs'), { connection: { host: '127.0.0.1', port: 6379 } });
  worker.on('completed', async () => {
    if (++handled !== 2) return;
    await worker.close();
    console.log('HANDLED 2');
  });
  await worker.waitUntilReady();
  console.log('READY');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
