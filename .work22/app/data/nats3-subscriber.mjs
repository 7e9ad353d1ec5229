// nats 3.x (@nats-io/transport-node) subscriber, ESM, callback form; no tracing code.
import { connect } from '@nats-io/transport-node';
import handlerWork from './handler-work.cjs';

const redis = handlerWork.redisClient();
await redis.connect();
const nc = await connect({ servers: '127.0.0.1:4222' });
let handled = 0;
nc.subscribe(process.env.QUEUE, {
  callback: async (err, msg) => {
    if (err) throw err;
    await handlerWork.handle(redis, msg.json());
    if (++handled === 2) {
      await nc.drain();
      redis.disconnect();
      console.log('HANDLED 2');
    }
  },
});
await nc.flush();
console.log('READY');
