// CJS express app with no tracing code: one route that calls a downstream URL with node:http.
const express = require('express');
const http = require('node:http');

function getJson(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

const app = express();
app.get('/hello/:id', async (req, res) => {
  const target = process.env.DOWNSTREAM_URL ?? `http://127.0.0.1:${server.address().port}/leaf`;
  res.json({ id: req.params.id, downstream: await getJson(target) });
});
app.get('/leaf', (req, res) => res.json({ baggage: req.headers.baggage ?? null, traceparent: req.headers.traceparent ?? null }));
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
