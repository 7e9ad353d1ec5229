// A JetStream consumer in its own process (`consume({ callback })`); no tracing
// code. Creates its stream, handles two messages, deletes the stream and exits.
const { connect, JSONCodec, AckPolicy } = require('nats');
const { redisClient, handle } = require('./handler-work.cjs');

async function main() {
  const redis = redisClient();
  await redis.connect();
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await nc.jetstreamManager();
  const stream = process.env.QUEUE.replace(/[^A-Za-z0-9_-]/g, '_');
  await jsm.streams.add({ name: stream, subjects: [`${process.env.QUEUE}.>`] });
  await jsm.consumers.add(stream, { durable_name: 'worker', ack_policy: AckPolicy.Explicit });
  const consumer = await nc.jetstream().consumers.get(stream, 'worker');
  const codec = JSONCodec();
  let handled = 0;
  const messages = await consumer.consume({
    callback: async (m) => {
      await handle(redis, codec.decode(m.data));
      m.ack();
      if (++handled === 2) {
        await messages.close();
        await jsm.streams.delete(stream);
        await nc.drain();
        redis.disconnect();
        console.log('HANDLED 2');
      }
    },
  });
  console.log('READY');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
