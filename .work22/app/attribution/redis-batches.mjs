// Redis clients that send a command later than the app issued it: ioredis
// auto-pipelining (one setImmediate sends the tick's commands), ioredis's
// offline queue (commands issued while a lazy connection opens are re-sent on
// `ready`), node-redis v4, v5 and v6 (same-tick commands written together).
// No tracing code beyond the callers.
import Redis from 'ioredis';
import { createClient as v4 } from 'redis-v4';
import { createClient as v5 } from 'redis-v5';
import { createClient as v6 } from 'redis';
import { botanuWorkflow } from '@botanu/agent';
import { concurrentCallers } from './callers.mjs';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const key = (who) => `botanu-attribution:${process.pid}:${who}`;

const pipelining = new Redis(url, { enableAutoPipelining: true });
await pipelining.set(key('warm'), '1');
await concurrentCallers('ioredis-autopipelining', (who) => pipelining.get(key(who)));

// The first caller's command opens the connection; the others wait in the offline queue.
const lazy = new Redis(url, { lazyConnect: true });
await concurrentCallers('ioredis-offline-queue', (who) => lazy.get(key(who)));

for (const [name, createClient] of [['node-redis-v4', v4], ['node-redis-v5', v5], ['node-redis-v6', v6]]) {
  const client = await createClient({ url }).connect();
  await concurrentCallers(name, (who) => client.get(key(who)));
  await client.quit();
}

// A connection opened inside a run must not carry that run into what it does
// later for no one: reconnecting after the server dropped it (connect, ready
// check), and the message listener of a subscriber opened in a run.
const opened = new Redis(url, { lazyConnect: true });
const subscriber = new Redis(url, { lazyConnect: true });
await botanuWorkflow({ name: 'attribution', eventId: 'opener', customerId: 'cust-opener' }, async () => {
  await opened.connect();
  // connect(callback): the callback still runs in the run (its ping is the run's).
  await new Promise((resolve) => subscriber.connect(() => resolve(opened.ping())));
  await subscriber.subscribe(`botanu-attribution:${process.pid}`);
})();
const heard = new Promise((resolve) => subscriber.on('message', () => pipelining.get(key('heard')).then(resolve)));
// On the spans' clock (the SDK's: timeOrigin + performance.now(), which drifts
// from Date.now()), after a pause so the run's own last command is clearly before.
await new Promise((resolve) => setTimeout(resolve, 50));
const dropped = Math.floor(performance.timeOrigin + performance.now());
await pipelining.client('KILL', 'ID', await opened.client('ID'));
await new Promise((resolve) => opened.once('ready', resolve));
await pipelining.publish(`botanu-attribution:${process.pid}`, 'hello');
await heard;
await opened.get(key('after-reconnect'));
console.log(`DROPPED ${dropped}`);

console.log('DONE');
pipelining.disconnect();
lazy.disconnect();
opened.disconnect();
subscriber.disconnect();
