// The work both db-clients fixtures do, given the client libraries as loaded by
// the fixture (require or import): one run that touches PostgreSQL, MariaDB and
// Redis through each client (knex over pg). No tracing code: the agent sees it all.
const SECRET = 'secret-bound-value';

async function pgWork(pg) {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await client.connect();
  await client.query('SELECT $1::text AS v', [SECRET]);
  await client.end();
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 1 });
  await pool.query('SELECT 1 AS one');
  await pool.end();
}

async function mysql2Work(mysql2) {
  const conn = await mysql2.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test' });
  await conn.query('SELECT ? AS v', [SECRET]);
  await conn.end();
}

async function mysqlWork(mysql) {
  const conn = mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test' });
  await new Promise((resolve, reject) => conn.query('SELECT ? AS v', [SECRET], (err) => (err ? reject(err) : resolve())));
  await new Promise((resolve) => conn.end(resolve));
}

async function knexWork(knex) {
  const db = knex({ client: 'pg', connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }, pool: { min: 0, max: 1 } });
  await db('pg_catalog.pg_tables').select('tablename').where('schemaname', SECRET).limit(1);
  await db.destroy();
}

async function ioredisWork(Redis) {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.set('fixture:ioredis', SECRET);
  await redis.get('fixture:ioredis');
  redis.disconnect();
}

async function nodeRedisWork(createClient, label) {
  const client = createClient({ url: 'redis://127.0.0.1:6379' });
  client.on('error', () => {});
  await client.connect();
  await client.set(`fixture:${label}`, SECRET);
  await client.get(`fixture:${label}`);
  await client.quit();
}

/** libs: { pg, mysql2 (promise API), mysql, knex, Redis (ioredis), redis: { v4, v5, v6 } (createClient of each) } */
async function doWork(libs) {
  await pgWork(libs.pg);
  await mysql2Work(libs.mysql2);
  await mysqlWork(libs.mysql);
  await knexWork(libs.knex);
  await ioredisWork(libs.Redis);
  for (const [label, createClient] of Object.entries(libs.redis)) await nodeRedisWork(createClient, label);
}

async function main(libs, botanuWorkflow) {
  const run = botanuWorkflow({ name: 'db-clients', eventId: 'evt-db-1', customerId: 'cust-db' }, () => doWork(libs));
  await run();
  console.log('DONE');
}

module.exports = { main, SECRET };
