// One process: a node:http server and a keep-alive node:http client, N requests, 16 in flight.
// Prints CPU µs per request (server + client work, one server span and one client span each with the agent).
import http from 'node:http';
const N = Number(process.env.N ?? 20000);
const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/plain'); res.end('ok'); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const port = server.address().port;
const one = () => new Promise((resolve, reject) => {
  http.get({ host: '127.0.0.1', port, path: '/work/1', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
});
async function run(n) {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => { while (next++ < n) await one(); }));
}
await run(3000); // warm-up
const c0 = process.cpuUsage();
await run(N);
const c = process.cpuUsage(c0);
console.log(`${process.env.LABEL}: cpu_us/req ${((c.user + c.system) / N).toFixed(1)}`);
server.close(); agent.destroy();
