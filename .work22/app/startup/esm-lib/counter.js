// An ES-module library (its package.json says "type": "module") that imports ioredis
// itself: loaded by a CommonJS app through require(esm), its `import Redis` resolves
// through Node's ESM loader, where only the ESM hooks can instrument ioredis (its
// entry is never require()d).
import Redis from 'ioredis';

export async function incr(key) {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  await redis.connect();
  try {
    return await redis.incr(key);
  } finally {
    redis.disconnect();
  }
}
