// Records spans as large as the span limits allow (120 attributes of 4000
// characters each, ~480 KB encoded), on request: GET /burst?n=N records N of
// them; GET /rss answers the process's resident memory in bytes.
import http from 'node:http';
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('big-spans');
const attributes = {};
for (let i = 0; i < 120; i++) attributes[`big.${i}`] = `${i}`.padEnd(4000, 'x');

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/burst') {
    const n = Number(url.searchParams.get('n'));
    for (let i = 0; i < n; i++) tracer.startSpan(`big ${i}`, { attributes }).end();
  }
  res.end(String(process.memoryUsage().rss));
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
