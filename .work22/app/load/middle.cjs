// The load test's middle service: CommonJS, no code change. Each request reads
// PostgreSQL (a pool of 2) and Redis (auto-pipelining) for <who>.
const express = require('express');
const pg = require('pg');
const Redis = require('ioredis');

const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 2 });
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { enableAutoPipelining: true });

const app = express();
app.get('/:via/:who', async (req, res) => {
  const { who } = req.params;
  const [db] = await Promise.all([pool.query(`SELECT $1::text AS who /* who=${who} */`, [who]), redis.get(`botanu-load:${who}`)]);
  res.json({ who: db.rows[0].who, via: req.params.via });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
