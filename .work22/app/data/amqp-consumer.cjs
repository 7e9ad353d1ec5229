// Consumes from RabbitMQ in its own process; no tracing code. Exits after two messages.
const amqp = require('amqplib');
const { redisClient, handle } = require('./handler-work.cjs');

async function main() {
  const redis = redisClient();
  await redis.connect();
  const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
  const ch = await conn.createChannel();
  const queue = process.env.QUEUE;
  await ch.assertQueue(queue, { autoDelete: true });
  let handled = 0;
  await ch.consume(queue, async (msg) => {
    await handle(redis, JSON.parse(msg.content.toString()));
    ch.ack(msg);
    if (++handled === 2) {
      await ch.close();
      await conn.close();
      redis.disconnect();
      console.log('HANDLED 2');
    }
  });
  console.log('READY');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
