// Publishes two NATS messages: one inside a run, one outside any run.
const { connect, JSONCodec } = require('nats');
const { botanuWorkflow } = require('@botanu/agent');

async function main() {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const codec = JSONCodec();
  const subject = process.env.QUEUE;
  const inRun = botanuWorkflow({ name: 'queue-hop', eventId: 'evt-q-1', customerId: 'cust-q' }, async () => {
    nc.publish(subject, codec.encode({ id: 'with-run' }));
  });
  await inRun();
  nc.publish(subject, codec.encode({ id: 'no-run' }));
  await nc.drain();
  console.log('SENT');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
