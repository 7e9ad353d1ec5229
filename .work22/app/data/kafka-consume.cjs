// kafkajs consumer without a broker: `consumer.run` is called as an app would
// (it fails: no broker), which is where the instrumentation wraps the app's
// eachMessage / eachBatch handlers. kafkajs hands them to its Runner before it
// connects: the handlers the Runner got are taken from there (the app's own
// config object stays as the app wrote it). The record the producer fixture
// encoded (RECORD, hex) is decoded by kafkajs and handed to those handlers, as
// the fetch loop would; each handler makes a Redis call.
const { Kafka, logLevel } = require('kafkajs');
const Runner = require('kafkajs/src/consumer/runner');
const wire = require('./kafka-wire.cjs');
const { redisClient, handle } = require('./handler-work.cjs');

async function main() {
  const redis = redisClient();
  await redis.connect();
  const kafka = new Kafka({ brokers: [`127.0.0.1:${process.env.DOWN_PORT}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 500 });
  const message = { ...wire.decode(Buffer.from(process.env.RECORD, 'hex')), offset: '0' };
  const handlers = {
    eachMessage: ({ message: m }) => handle(redis, JSON.parse(m.value.toString())),
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) await handle(redis, { id: `batch-${JSON.parse(m.value.toString()).id}` });
    },
  };
  // What kafkajs's consumer handed its Runner (the fetch loop calls these).
  let given;
  const start = Runner.prototype.start;
  Runner.prototype.start = function (...args) {
    given = { eachMessage: this.eachMessage, eachBatch: this.eachBatch };
    return start.apply(this, args);
  };
  for (const [kind, handler] of Object.entries(handlers)) {
    const consumer = kafka.consumer({ groupId: 'fixture', retry: { retries: 0 } });
    given = undefined;
    await consumer.run({ [kind]: handler }).catch(() => {});
    await consumer.disconnect().catch(() => {});
    if (!given?.[kind]) throw new Error(`kafkajs's Runner got no ${kind}`);
    const config = given;
    if (kind === 'eachMessage') await config.eachMessage({ topic: 'documents', partition: 0, message, heartbeat: async () => {}, pause: () => () => {} });
    else await config.eachBatch({ batch: { topic: 'documents', partition: 0, messages: [message], highWatermark: '1' }, heartbeat: async () => {}, resolveOffset: () => {}, isRunning: () => true, isStale: () => false });
  }
  redis.disconnect();
  console.log('HANDLED');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
