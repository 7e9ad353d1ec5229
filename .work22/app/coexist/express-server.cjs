// An express service calling a downstream service; its OpenTelemetry SDK
// (with the express instrumentation) is preloaded before the agent.
const express = require('express');
const http = require('node:http');

const app = express();
app.get('/hello/:id', (req, res) => {
  http
    .get(process.env.DOWNSTREAM_URL, (r) => {
      r.resume();
      r.on('end', () => res.json({ id: req.params.id }));
    })
    .on('error', (e) => res.status(502).send(String(e)));
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
