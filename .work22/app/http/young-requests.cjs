// An express app whose handler awaits one async hop (as most handlers await a
// query or a fetch), loaded by its own keep-alive client (8 sockets). After a
// warm-up it prints how many bytes the young-generation collections moved to
// the old generation per request, from V8's GC profiler (old space after a
// scavenge minus before): what a request leaves behind for the full GC.
// A request's objects, the agent's spans and contexts with them, should die young.
const http = require('node:http');
const v8 = require('node:v8');
const express = require('express');

const WARMUP = 1500;
const MEASURED = Number(process.env.REQUESTS || 5000);
const app = express();
app.get('/item/:id', async (req, res) => {
  await new Promise((resolve) => setImmediate(resolve));
  res.json({ id: req.params.id, at: Date.now() });
});
const server = app.listen(0, '127.0.0.1', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const get = (i) =>
    new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: server.address().port, path: `/item/${i}`, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
  let next = 0;
  const run = (n) => {
    const end = next + n;
    const worker = async () => {
      while (next < end) await get(next++);
    };
    return Promise.all(Array.from({ length: 8 }, worker));
  };
  await run(WARMUP);
  const profiler = new v8.GCProfiler();
  profiler.start();
  await run(MEASURED);
  const { statistics } = profiler.stop();
  const oldSpace = (heap) => heap.heapSpaceStatistics.find((s) => s.spaceName === 'old_space').spaceUsedSize;
  let promoted = 0;
  let young = 0;
  for (const gc of statistics) {
    if (gc.gcType !== 'Scavenge' && gc.gcType !== 'MinorMarkSweep') continue;
    young++;
    promoted += Math.max(0, oldSpace(gc.afterGC) - oldSpace(gc.beforeGC));
  }
  console.log(`YOUNG_GCS ${young} PROMOTED_PER_REQUEST ${(promoted / MEASURED).toFixed(0)}`);
  agent.destroy();
  server.close();
});
