// A NATS subscriber in its own process (callback subscription); no tracing code.
// Exits after two messages.
const { connect, JSONCodec } = require('nats');
const { redisClient, handle } = require('./handler-work.cjs');

async function main() {
  const redis = redisClient();
  await redis.connect();
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const codec = JSONCodec();
  let handled = 0;
  nc.subscribe(process.env.QUEUE, {
    callback: async (err, msg) => {
      if (err) throw err;
      await handle(redis, codec.decode(msg.data));
      if (++handled === 2) {
        await nc.drain();
        redis.disconnect();
        console.log('HANDLED 2');
      }
    },
  });
  await nc.flush();
  console.log('READY');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
