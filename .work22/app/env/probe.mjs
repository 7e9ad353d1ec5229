// A minimal app for configuration tests: serves one request to itself (carrying
// run-context baggage and any REQUEST_HEADERS given), then ends its event loop,
// so the agent flushes at exit. Prints the headers the server saw. PROBE_PATH
// replaces the request's path (and query).
import http from 'node:http';

const extra = process.env.REQUEST_HEADERS ? JSON.parse(process.env.REQUEST_HEADERS) : {};
const server = http.createServer((req, res) => {
  res.end(JSON.stringify({ baggage: req.headers.baggage ?? null, traceparent: req.headers.traceparent ?? null, b3: req.headers.b3 ?? null, xb3: req.headers['x-b3-traceid'] ?? null }));
});
server.listen(0, '127.0.0.1', async () => {
  const r = await fetch(`http://127.0.0.1:${server.address().port}${process.env.PROBE_PATH ?? '/probe'}`, { headers: { baggage: 'botanu.run_id=run-from-upstream,botanu.workflow=wf,extra.key=x', ...extra } });
  console.log(`SEEN ${await r.text()}`);
  server.close();
});
