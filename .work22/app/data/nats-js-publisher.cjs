// Publishes two messages to a JetStream stream: one inside a run, one outside any run.
const { connect, JSONCodec } = require('nats');
const { botanuWorkflow } = require('@botanu/agent');

async function main() {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const js = nc.jetstream();
  const codec = JSONCodec();
  const subject = `${process.env.QUEUE}.jobs`;
  const inRun = botanuWorkflow({ name: 'queue-hop', eventId: 'evt-q-1', customerId: 'cust-q' }, () => js.publish(subject, codec.encode({ id: 'with-run' })));
  await inRun();
  await js.publish(subject, codec.encode({ id: 'no-run' }));
  await nc.drain();
  console.log('SENT');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
