// The load test's RabbitMQ worker: CommonJS, no code change. Each message
// writes down <who> in PostgreSQL (a pool of 2).
const amqp = require('amqplib');
const pg = require('pg');

async function main() {
  const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 2 });
  const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
  const ch = await conn.createChannel();
  await ch.assertQueue(process.env.QUEUE, { autoDelete: true });
  await ch.prefetch(20);
  await ch.consume(process.env.QUEUE, async (msg) => {
    const { who } = JSON.parse(msg.content.toString());
    await pool.query(`SELECT $1::text AS handled /* who=${who} */`, [who]);
    ch.ack(msg);
  });
  console.log('READY 0');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
