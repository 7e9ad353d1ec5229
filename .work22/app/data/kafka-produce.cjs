// kafkajs without a broker (none here): a producer in a run sends one message to
// a broker that is down. The instrumentation writes the trace context into the
// message headers before kafkajs tries to send; the message is then encoded with
// kafkajs's own record encoder (what a produce request carries) and printed as
// hex, with its decoded headers and the error the app got.
const { Kafka, logLevel } = require('kafkajs');
const { botanuWorkflow } = require('@botanu/agent');
const wire = require('./kafka-wire.cjs');

const kafka = new Kafka({ brokers: [`127.0.0.1:${process.env.DOWN_PORT}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 500 });
const producer = kafka.producer();
const message = { key: 'k-1', value: JSON.stringify({ id: 'with-run' }) };

const send = botanuWorkflow({ name: 'kafka-send', eventId: 'evt-k-1', customerId: 'cust-k' }, () => producer.send({ topic: 'documents', messages: [message] }));

send()
  .then(
    () => 'sent',
    (err) => `${err.name}: ${err.message}`,
  )
  .then((outcome) => {
    const record = wire.encode(message);
    const headers = Object.fromEntries(Object.entries(wire.decode(record).headers).map(([k, v]) => [k, String(v)]));
    console.log(JSON.stringify({ outcome, headers, record: record.toString('hex') }));
  });
