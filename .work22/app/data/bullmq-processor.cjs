// A BullMQ sandboxed processor: BullMQ runs this file in a child process.
const { redisClient, handle } = require('./handler-work.cjs');

let redis;
module.exports = async (job) => {
  if (!redis) {
    redis = redisClient();
    await redis.connect();
  }
  await handle(redis, job.data);
};
