// Connection pools of 2 serving 30 concurrent callers, and a DataLoader batching them:
// a caller waits for a connection another caller releases, so its query runs
// from that caller's callback. Every statement names its caller
// (`/* /<scenario>/<who> */`). No tracing code beyond the callers.
import { createRequire } from 'node:module';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import mysql from 'mysql';
import knex from 'knex';
import { MongoClient } from 'mongodb';
import DataLoader from 'dataloader';
import { concurrentCallers } from './callers.mjs';

const require = createRequire(import.meta.url);
const pgConfig = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const mysqlConfig = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };
const sql = (scenario, who) => `SELECT 1 AS one /* /${scenario}/${who} */`;

const pgPool = new pg.Pool({ ...pgConfig, max: 2 });
await concurrentCallers('pg-pool', (who) => pgPool.query(sql('pg-pool', who)));

const mysql2Pool = mysql2.createPool({ ...mysqlConfig, connectionLimit: 2 });
await concurrentCallers('mysql2-pool', (who) => mysql2Pool.query(sql('mysql2-pool', who)));

const mysqlPool = mysql.createPool({ ...mysqlConfig, connectionLimit: 2 });
await concurrentCallers('mysql-pool', (who) => new Promise((resolve, reject) => mysqlPool.query(sql('mysql-pool', who), (err, rows) => (err ? reject(err) : resolve(rows)))));

// Callback APIs: the callback runs when the pooled connection's socket delivers
// the result; what it does next (a follow-up statement) must be its caller's.
const afterCallback = (scenario, pool) => (who) =>
  new Promise((resolve, reject) =>
    pool.query(sql(scenario, who), (err) => (err ? reject(err) : pool.query(`${sql(scenario, who)} /* follow-up */`, (err2, rows) => (err2 ? reject(err2) : resolve(rows))))),
  );
await concurrentCallers('pg-callback', afterCallback('pg-callback', pgPool));
const mysql2Core = mysql2Pool.pool;
await concurrentCallers('mysql2-callback', afterCallback('mysql2-callback', mysql2Core));
await concurrentCallers('mysql-callback', afterCallback('mysql-callback', mysqlPool));

const db = knex({ client: 'pg', connection: pgConfig, pool: { min: 0, max: 2 } });
await concurrentCallers('knex-pool', (who) => db.raw(sql('knex-pool', who)));

if (process.env.MONGO_URL) {
  const mongo = new MongoClient(process.env.MONGO_URL, { directConnection: true, maxPoolSize: 2, serverSelectionTimeoutMS: 3000 });
  await mongo.connect();
  await concurrentCallers('mongodb-pool', (who) => mongo.db('test').collection('docs').findOne({ name: who }));
  await mongo.close();
}

// generic-pool handing out pg clients: the caller's query runs after acquire() resolves.
const genericPool = require('generic-pool').createPool({ create: async () => { const c = new pg.Client(pgConfig); await c.connect(); return c; }, destroy: (c) => c.end() }, { max: 2 });
await concurrentCallers('generic-pool', async (who) => {
  const client = await genericPool.acquire();
  try {
    return await client.query(sql('generic-pool', who));
  } finally {
    genericPool.release(client);
  }
});

// One DataLoader for the whole process (not one per request): the callers' loads
// of a tick are one batch, one statement for them all.
const shared = new DataLoader(async (keys) => {
  const { rows } = await pgPool2.query('SELECT unnest($1::text[]) AS who /* dataloader batch */', [keys]);
  return rows.map((r) => r.who);
});
const pgPool2 = new pg.Pool({ ...pgConfig, max: 2 });
await concurrentCallers('dataloader', (who) => shared.load(who));
// One run's own loads batched together: that batch is the run's work.
const { botanuWorkflow } = await import('@botanu/agent');
const own = new DataLoader(async (keys) => (await pgPool2.query('SELECT unnest($1::text[]) AS who /* dataloader one-run batch */', [keys])).rows.map((r) => r.who));
await botanuWorkflow({ name: 'attribution', eventId: 'dataloader-one-run', customerId: 'cust-one-run' }, () => Promise.all(['a', 'b', 'c'].map((k) => own.load(k))))();

// A pg connection opened inside a run must not carry it into what the socket does
// later for no one: a query callback of a caller without a span, a LISTEN
// notification. Each makes a span `after <what>`, which must carry no run.
const { trace } = await import('@opentelemetry/api');
const tracer = trace.getTracer('attribution-fixture');
const single = new pg.Pool({ ...pgConfig, max: 1 });
await botanuWorkflow({ name: 'attribution', eventId: 'pg-opener', customerId: 'cust-opener' }, async () => {
  const c = await single.connect();
  await c.query('LISTEN botanu_attribution');
  c.on('notification', () => tracer.startSpan('after notification').end());
  c.release();
})();
await new Promise((resolve, reject) => single.query('SELECT 2 AS opener_connection', (err) => (err ? reject(err) : resolve(tracer.startSpan('after query callback').end()))));
const notified = new Promise((resolve) => setTimeout(resolve, 200));
await pgPool.query("NOTIFY botanu_attribution, 'x'");
await notified;

console.log('DONE');
await Promise.all([pgPool.end(), pgPool2.end(), single.end(), mysql2Pool.end(), new Promise((r) => mysqlPool.end(r)), db.destroy(), genericPool.drain().then(() => genericPool.clear())]);
