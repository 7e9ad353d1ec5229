// A kafkajs eachBatch handler given one batch with messages of several runs
// (and one sent outside any run). No broker here: each message is sent in its
// caller's context to a broker that is down (the instrumentation writes its
// traceparent and baggage into the headers first), put through kafkajs's own
// record encoding, and the batch is handed to the handler kafkajs's consumer
// gave its Runner (consumer.run wrapped it; the app's config stays as written),
// as kafkajs's fetch loop would. The handler makes one statement per message.
const net = require('node:net');
const { Kafka, logLevel } = require('kafkajs');
const Runner = require('kafkajs/src/consumer/runner');
const pg = require('pg');
const wire = require('../data/kafka-wire.cjs');

async function main() {
  const { botanuWorkflow } = require('@botanu/agent');
  const down = await new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
  const kafka = new Kafka({ brokers: [`127.0.0.1:${down}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 300 });
  const producer = kafka.producer();
  const send = async (who) => {
    const message = { key: who, value: JSON.stringify({ who }) };
    await producer.send({ topic: 'documents', messages: [message] }).catch(() => {});
    return { ...wire.decode(wire.encode(message)), offset: '0' };
  };
  const inRun = (who) => botanuWorkflow({ name: 'attribution', eventId: `kafka-${who}`, customerId: who }, () => send(who))();
  const messages = [await inRun('cust-a'), await inRun('cust-b'), await send('plain-c')];

  const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 2 });
  const config = {
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) await pool.query(`SELECT 1 AS handled /* /kafka-batch/${JSON.parse(m.value.toString()).who} */`);
    },
  };
  let given;
  const start = Runner.prototype.start;
  Runner.prototype.start = function (...args) {
    given = this.eachBatch;
    return start.apply(this, args);
  };
  const consumer = kafka.consumer({ groupId: 'attribution', retry: { retries: 0 } });
  await consumer.run(config).catch(() => {});
  await consumer.disconnect().catch(() => {});
  if (!given) throw new Error("kafkajs's Runner got no eachBatch");
  await given({ batch: { topic: 'documents', partition: 0, messages, highWatermark: '3' }, heartbeat: async () => {}, resolveOffset: () => {}, isRunning: () => true, isStale: () => false });
  await pool.end();
  console.log('DONE');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
