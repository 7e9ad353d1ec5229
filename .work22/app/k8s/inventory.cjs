// A CommonJS express service with no tracing code and no @botanu/agent of its own: in a pod
// the Operator's copy (preloaded via NODE_OPTIONS) is the only agent. Calls the next hop with node:http.
const express = require('express');
const http = require('node:http');

function hasOwnAgent() {
  try {
    require.resolve('@botanu/agent');
    return true;
  } catch {
    return false;
  }
}

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
app.get('/orders/:id', async (req, res) => {
  res.json({ id: req.params.id, stock: await getJson(`http://127.0.0.1:${server.address().port}/stock`) });
});
app.get('/stock', (req, res) => res.json({ baggage: req.headers.baggage ?? null }));
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port} own-agent=${hasOwnAgent()}`));
