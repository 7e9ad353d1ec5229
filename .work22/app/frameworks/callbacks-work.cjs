// What both callbacks fixtures do, given lru-memoizer, generic-pool and dataloader
// as the fixture loaded them (require or import). Each library queues work and
// runs it later; every callback makes an HTTP call, whose span shows which run
// the callback ran under:
// - lru-memoizer: two runs ask for the same key at once; the load runs once and
//   both callbacks are called from its completion;
// - generic-pool: a pool of one; run B waits for the resource run A holds;
// - dataloader: two loads in one run, batched into one call.
const { startTarget } = require('./ping-target.cjs');

async function main({ memoizer, genericPool, DataLoader }, botanuWorkflow) {
  const target = await startTarget();
  const inRun = (name, fn) => botanuWorkflow({ name, eventId: `evt-${name}`, customerId: `cust-${name}` }, fn)();

  // lru-memoizer: one load for both callers.
  let loads = 0;
  const memoized = memoizer({ load: (key, cb) => setTimeout(() => cb(null, `${key}-${++loads}`), 30), hash: (key) => key, max: 10 });
  const memoCall = (name) => inRun(name, () => new Promise((resolve, reject) => memoized('shared-key', (err) => (err ? reject(err) : target.ping(name).then(resolve, reject)))));
  await Promise.all([memoCall('memo-a'), memoCall('memo-b')]);
  console.log(`memoizer loads ${loads}`);

  // generic-pool: B queues behind A.
  const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} }, { max: 1 });
  const poolCall = (name, holdMs) =>
    inRun(name, async () => {
      const resource = await pool.acquire();
      await target.ping(name);
      await new Promise((r) => setTimeout(r, holdMs));
      await pool.release(resource);
    });
  await Promise.all([poolCall('pool-a', 30), poolCall('pool-b', 0)]);
  await pool.drain();
  await pool.clear();

  // dataloader: two loads, one batch.
  await inRun('loader', async () => {
    const loader = new DataLoader(async (keys) => {
      await target.ping('loader');
      return keys.map((k) => `v${k}`);
    });
    await Promise.all([loader.load(1), loader.load(2)]);
  });

  target.close();
  console.log('DONE');
}

module.exports = { main };
