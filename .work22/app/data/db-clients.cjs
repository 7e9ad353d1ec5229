// CommonJS app using pg, mysql2, mysql, knex, ioredis and redis v4/v5/v6 inside one run.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./db-work.cjs');

main(
  {
    pg: require('pg'),
    mysql2: require('mysql2/promise'),
    mysql: require('mysql'),
    knex: require('knex'),
    Redis: require('ioredis'),
    redis: { v4: require('redis-v4').createClient, v5: require('redis-v5').createClient, v6: require('redis').createClient },
  },
  botanuWorkflow,
).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
