// An ESM express service with no tracing code and no @botanu/agent of its own: in a pod
// the Operator's copy (preloaded via NODE_OPTIONS) is the only agent. Calls the next hop with fetch.
import express from 'express';
import { createRequire } from 'node:module';

function hasOwnAgent() {
  try {
    createRequire(import.meta.url).resolve('@botanu/agent');
    return true;
  } catch {
    return false;
  }
}

const app = express();
app.get('/orders/:id', async (req, res) => {
  const r = await fetch(`http://127.0.0.1:${server.address().port}/stock`);
  res.json({ id: req.params.id, stock: await r.json() });
});
app.get('/stock', (req, res) => res.json({ baggage: req.headers.baggage ?? null }));
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port} own-agent=${hasOwnAgent()}`));
