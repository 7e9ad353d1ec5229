// Publishes two MQTT 5 messages (QoS 1): one inside a run, one outside any run.
const mqtt = require('mqtt');
const { botanuWorkflow } = require('@botanu/agent');

async function main() {
  const client = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { protocolVersion: 5 });
  const topic = process.env.QUEUE;
  const inRun = botanuWorkflow({ name: 'queue-hop', eventId: 'evt-q-1', customerId: 'cust-q' }, () => client.publishAsync(topic, JSON.stringify({ id: 'with-run' }), { qos: 1 }));
  await inRun();
  await client.publishAsync(topic, JSON.stringify({ id: 'no-run' }), { qos: 1 });
  await client.endAsync();
  console.log('SENT');
}
main().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
