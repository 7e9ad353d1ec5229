// nats 3.x (@nats-io/transport-node), ESM: publishes one message inside a run, one outside.
import { connect } from '@nats-io/transport-node';
import { botanuWorkflow } from '@botanu/agent';

const nc = await connect({ servers: '127.0.0.1:4222' });
const subject = process.env.QUEUE;
const inRun = botanuWorkflow({ name: 'queue-hop', eventId: 'evt-q-1', customerId: 'cust-q' }, async () => nc.publish(subject, JSON.stringify({ id: 'with-run' })));
await inRun();
nc.publish(subject, JSON.stringify({ id: 'no-run' }));
await nc.drain();
console.log('SENT');
