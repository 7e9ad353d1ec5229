// A local server that fails the way real upstreams do, so retry libraries retry.
// Not instrumented (started without the preload): the tests read its hit log.
//   /status/<id>?fail=N&status=503&retryAfter=0  first N hits answer `status`, then 200
//   /reset/<id>?fail=N                           first N hits get the connection destroyed
//   /ok/<id>                                     always 200
//   /hits/<id>                                   what the server saw for <id> (attempt headers)
// Parameters may also be path segments after <id> (`/status/<id>/fail=2/status=503/...`),
// so an SDK's baseURL can carry them: the SDK appends its own path (e.g. /chat/completions).
// Every 200 body is {"id", "hit"}; <id> keeps scenarios of different tests apart.
const http = require('node:http');

const seen = new Map(); // id → [{ method, traceparent, headers }]

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const [, kind, id = '', ...rest] = url.pathname.split('/');
  for (const seg of rest) if (/^\w+=/.test(seg)) url.searchParams.set(seg.slice(0, seg.indexOf('=')), seg.slice(seg.indexOf('=') + 1));
  if (kind === 'hits') return json(res, 200, seen.get(id) ?? []);
  const hits = seen.get(id) ?? [];
  seen.set(id, hits);
  hits.push({
    method: req.method,
    traceparent: req.headers.traceparent ?? null,
    stainlessRetryCount: req.headers['x-stainless-retry-count'] ?? null,
  });
  const hit = hits.length;
  const fail = Number(url.searchParams.get('fail') ?? 0);
  req.resume();
  req.on('end', () => {
    if (kind === 'reset' && hit <= fail) return req.socket.destroy();
    if (kind === 'status' && hit <= fail) {
      const status = Number(url.searchParams.get('status') ?? 503);
      const headers = { 'retry-after': url.searchParams.get('retryAfter') ?? '0' };
      return json(res, status, { error: { message: `flaky: failing hit ${hit} of ${fail}` } }, headers);
    }
    json(res, 200, { id, hit });
  });
});

function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
