// The service the benchmark apps call with fetch: answers every request with a
// small JSON body. Its own process, so its cost is the same for every variant.
import * as http from 'node:http';

const body = JSON.stringify({ ok: true, items: [1, 2, 3] });
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
