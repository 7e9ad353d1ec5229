// An MQTT 5 subscriber in its own process (ESM); no tracing code. Exits after two messages.
import mqtt from 'mqtt';
import handlerWork from './handler-work.cjs';

const redis = handlerWork.redisClient();
await redis.connect();
const client = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { protocolVersion: 5 });
let handled = 0;
client.on('message', async (_topic, payload) => {
  await handlerWork.handle(redis, JSON.parse(payload.toString()));
  if (++handled === 2) {
    await client.endAsync();
    redis.disconnect();
    console.log('HANDLED 2');
  }
});
await client.subscribeAsync(process.env.QUEUE, { qos: 1 });
console.log('READY');
