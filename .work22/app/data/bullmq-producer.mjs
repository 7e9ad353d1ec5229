// Adds two BullMQ jobs (ESM app): one inside a run, one outside any run.
import { Queue } from 'bullmq';
import { botanuWorkflow } from '@botanu/agent';

const queue = new Queue(process.env.QUEUE, { connection: { host: '127.0.0.1', port: 6379 } });
const inRun = botanuWorkflow({ name: 'queue-hop', eventId: 'evt-q-1', customerId: 'cust-q' }, () => queue.add('summarize', { id: 'with-run' }));
await inRun();
await queue.add('summarize', { id: 'no-run' });
await queue.close();
console.log('SENT');
