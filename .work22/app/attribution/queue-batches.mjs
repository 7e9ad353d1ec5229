// Jobs and messages of many runs handled together: a BullMQ worker with
// concurrency 5 (jobs fetched while others run), and a RabbitMQ consumer with a
// prefetch of 10 (deliveries buffered on one channel). Each handler's statement
// names its job's caller (`/* /<scenario>/<who> */`); it must run in that
// caller's run. No tracing code beyond the callers.
import pg from 'pg';
import { Queue, Worker } from 'bullmq';
import amqp from 'amqplib';
import { concurrentCallers, CALLERS } from './callers.mjs';

const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 2 });
const handle = (scenario, who) => pool.query(`SELECT 1 AS handled /* /${scenario}/${who} */`);

function whenHandled(n) {
  let done = 0;
  let resolve;
  const all = new Promise((r) => (resolve = r));
  return { all, one: () => ++done === n && resolve() };
}

const connection = { host: '127.0.0.1', port: 6379 };
const name = `botanu-attribution-${process.pid}`;
const queue = new Queue(name, { connection });
const jobs = whenHandled(CALLERS);
const worker = new Worker(name, async (job) => {
  await handle('bullmq', job.data.who);
  jobs.one();
}, { connection, concurrency: 5 });
await worker.waitUntilReady();
await concurrentCallers('bullmq', (who) => queue.add('attribution', { who }));
await jobs.all;

const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
const ch = await conn.createChannel();
await ch.assertQueue(name, { autoDelete: true });
await ch.prefetch(10);
const messages = whenHandled(CALLERS);
await ch.consume(name, async (msg) => {
  await handle('amqplib', JSON.parse(msg.content.toString()).who);
  ch.ack(msg);
  messages.one();
});
await concurrentCallers('amqplib', async (who) => ch.sendToQueue(name, Buffer.from(JSON.stringify({ who }))));
await messages.all;

console.log('DONE');
await worker.close();
await queue.obliterate({ force: true }).catch(() => {});
await queue.close();
await ch.close();
await conn.close();
await pool.end();
