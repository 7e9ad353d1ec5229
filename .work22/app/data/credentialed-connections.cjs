// Connects with credentials in the connection URL, as many apps do (DATABASE_URL,
// REDIS_URL, AMQP_URL), to the real PostgreSQL, MariaDB, Redis and RabbitMQ, and
// does one thing with each inside a run. No tracing code. The passwords come
// from the test (PG_URL, MARIADB_URL, REDIS_URL, AMQP_URL).
const pg = require('pg');
const mysql2 = require('mysql2/promise');
const Redis = require('ioredis');
const { createClient } = require('redis');
const amqp = require('amqplib');
const { botanuWorkflow } = require('@botanu/agent');

async function work() {
  const client = new pg.Client({ connectionString: process.env.PG_URL });
  await client.connect();
  await client.query('SELECT 1 AS one');
  await client.end();
  const pool = new pg.Pool({ connectionString: process.env.PG_URL, max: 1 });
  await pool.query('SELECT 2 AS two');
  await pool.end();

  const maria = await mysql2.createConnection(process.env.MARIADB_URL);
  await maria.query('SELECT 3 AS three');
  await maria.end();

  const ioredis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await ioredis.connect();
  await ioredis.set('fixture:credentialed', 'v');
  await ioredis.get('fixture:credentialed');
  ioredis.disconnect();
  const nodeRedis = createClient({ url: process.env.REDIS_URL });
  nodeRedis.on('error', () => {});
  await nodeRedis.connect();
  await nodeRedis.get('fixture:credentialed');
  await nodeRedis.quit();

  const conn = await amqp.connect(process.env.AMQP_URL);
  const ch = await conn.createChannel();
  const q = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  ch.sendToQueue(q.queue, Buffer.from('hello'));
  await new Promise((resolve) => ch.consume(q.queue, (msg) => (ch.ack(msg), resolve()), { noAck: false }));
  await ch.close();
  await conn.close();
}

botanuWorkflow({ name: 'credentialed-connections', eventId: 'evt-conn-1', customerId: 'cust-conn' }, work)().then(
  () => console.log('DONE'),
  (err) => {
    console.error('FAILED', err);
    process.exitCode = 1;
  },
);
