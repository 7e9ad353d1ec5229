// An intermediate service with no code change (CJS); calls the next hop with fetch.
const express = require('express');

const app = express();
app.get('/work', async (req, res) => {
  const r = await fetch(process.env.NEXT_URL);
  res.json({ service: 'middle', received: { baggage: req.headers.baggage ?? null }, downstream: await r.json() });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
