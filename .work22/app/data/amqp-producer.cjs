// Publishes two messages to RabbitMQ: one inside a run, one outside any run.
const amqp = require('amqplib');
const { botanuWorkflow } = require('@botanu/agent');

async function main() {
  const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
  const ch = await conn.createChannel();
  const queue = process.env.QUEUE;
  const inRun = botanuWorkflow({ name: 'queue-hop', eventId: 'evt-q-1', customerId: 'cust-q' }, async () => {
    ch.sendToQueue(queue, Buffer.from(JSON.stringify({ id: 'with-run' })));
  });
  await inRun();
  ch.sendToQueue(queue, Buffer.from(JSON.stringify({ id: 'no-run' })));
  await ch.close();
  await conn.close();
  console.log('SENT');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
