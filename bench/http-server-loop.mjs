// One process: a node:http server, and raw keep-alive sockets writing pipelined-free GETs (no http client involved).
// Prints CPU µs per request: the server's work (one server span each with the agent).
import http from 'node:http';
import net from 'node:net';
const N = Number(process.env.N ?? 30000);
const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/plain'); res.end('ok'); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const REQ = `GET /work/1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: loop\r\n\r\n`;
function conn(n) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(REQ));
    let left = n;
    s.on('data', (d) => {
      // one response per chunk (small, not pipelined)
      if (--left > 0) s.write(REQ); else { s.end(); resolve(); }
    });
  });
}
const run = (n) => Promise.all(Array.from({ length: 16 }, () => conn(Math.ceil(n / 16))));
await run(3000);
const c0 = process.cpuUsage();
await run(N);
const c = process.cpuUsage(c0);
console.log(`${process.env.LABEL}: cpu_us/req ${((c.user + c.system) / N).toFixed(1)}`);
server.close();
