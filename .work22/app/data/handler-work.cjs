// What a consumer does with a message: a real Redis call, so the test can see
// whether the handler's own spans belong to the producer's run.
const Redis = require('ioredis');

function redisClient() {
  return new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
}

async function handle(redis, body) {
  await redis.get(`fixture:handled:${body.id}`);
}

module.exports = { redisClient, handle };
