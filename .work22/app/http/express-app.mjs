// ESM express app with no tracing code: one route that calls a downstream URL with fetch.
import express from 'express';

const app = express();
app.get('/hello/:id', async (req, res) => {
  const target = process.env.DOWNSTREAM_URL ?? `http://127.0.0.1:${server.address().port}/leaf`;
  const r = await fetch(target);
  res.json({ id: req.params.id, downstream: await r.json() });
});
app.get('/leaf', (req, res) => res.json({ baggage: req.headers.baggage ?? null, traceparent: req.headers.traceparent ?? null }));
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
