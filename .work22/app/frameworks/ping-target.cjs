// A local HTTP server the framework fixtures call from inside their callbacks and
// handlers: the span of each call shows which run the caller was in.
const http = require('node:http');

async function startTarget() {
  const server = http.createServer((req, res) => res.end('ok'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const ping = (label) =>
    new Promise((resolve, reject) => {
      http.get(`${base}/${label}`, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
  return { ping, close: () => server.close() };
}

module.exports = { startTarget };
