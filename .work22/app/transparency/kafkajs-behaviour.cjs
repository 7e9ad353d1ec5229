// kafkajs behaviours the agent must not change (issue 21; found by a probe, no
// broker needed): producer.send()/sendBatch() of what kafkajs rejects (nothing, a
// topic without messages) reject with kafkajs's own error instead of throwing
// the instrumentation's TypeError at once; the config object given to
// consumer.run() keeps the app's eachMessage; nothing is added to the app's
// producer and consumer; the wrapped methods keep their names and lengths.
// Prints one line: RESULT <json>.
const { Kafka, logLevel } = require('kafkajs');

const describe = (err) => (err === null || typeof err !== 'object' ? String(err) : `${err.name}: ${err.message}`);

/** How a call ends: 'threw <error>' at once, or 'rejected <error>' / 'resolved'. */
async function outcome(call) {
  let p;
  try {
    p = call();
  } catch (err) {
    return `threw ${describe(err)}`;
  }
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return `rejected ${describe(err)}`;
  }
}

async function main() {
  const kafka = new Kafka({ clientId: 'probe', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: 'probe' });
  const out = {
    symbols: Object.getOwnPropertySymbols(producer).length + Object.getOwnPropertySymbols(consumer).length,
    methods: Object.fromEntries(['send', 'sendBatch', 'transaction'].map((m) => [m, `${producer[m].name}/${producer[m].length}`])),
    run: `${consumer.run.name}/${consumer.run.length}`,
  };
  out['send()'] = await outcome(() => producer.send());
  out['send no messages'] = await outcome(() => producer.send({ topic: 't' }));
  out['sendBatch()'] = await outcome(() => producer.sendBatch());
  out['sendBatch no messages'] = await outcome(() => producer.sendBatch({ topicMessages: [{ topic: 't' }] }));
  const eachMessage = async function appEachMessage() {};
  const config = { eachMessage };
  out.runResult = await outcome(() => consumer.run(config));
  out.configKept = config.eachMessage === eachMessage;
  out.configOwnKeys = Object.keys(config);
  await consumer.disconnect();
  console.log(`RESULT ${JSON.stringify(out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
