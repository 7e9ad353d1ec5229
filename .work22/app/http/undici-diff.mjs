// Differential check of the agent's undici client spans against
// @opentelemetry/instrumentation-undici (UPSTREAM_DIR: where the repository's
// copy is installed): both record the same requests in the same process, the
// upstream one into its own tracer provider, printed here as `UPSTREAM <json>`
// lines; the agent's go to its OTLP endpoint. Each case has its own path.
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as undici from 'undici';

const upstreamRequire = createRequire(`${process.env.UPSTREAM_DIR}/`);
const { UndiciInstrumentation } = upstreamRequire('@opentelemetry/instrumentation-undici');
const { TracerProvider } = upstreamRequire('@opentelemetry/sdk-trace');
const finished = [];
const collect = { onStart() {}, onEnd: (span) => finished.push(span), forceFlush: async () => {}, shutdown: async () => {} };
const upstream = new UndiciInstrumentation();
upstream.setTracerProvider(new TracerProvider({ spanProcessors: [collect] }));

const undici5 = process.env.UNDICI5 ? createRequire(import.meta.url)(process.env.UNDICI5) : undefined;

const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const p = u.pathname;
  req.resume();
  req.on('end', () => {
    if (p.startsWith('/diff/status/')) {
      res.writeHead(Number(p.split('/')[3]));
      return res.end('status');
    }
    if (p === '/diff/redirect') {
      res.writeHead(302, { location: '/diff/redirected' });
      return res.end();
    }
    if (p === '/diff/slow') return setTimeout(() => res.end('late'), 2000);
    if (p === '/diff/stream') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let i = 0;
      const t = setInterval(() => {
        res.write(`chunk ${i}\n`);
        if (++i === 5) {
          clearInterval(t);
          res.end();
        }
      }, 5);
      return;
    }
    if (p.endsWith('/chat/completions')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
let v6server;
let v6base;
try {
  v6server = http.createServer((req, res) => res.end('v6'));
  await new Promise((r, j) => v6server.once('error', j).listen(0, '::1', r));
  v6base = `http://[::1]:${v6server.address().port}`;
} catch {
  v6server = undefined;
}

// A port nothing listens on (fetch refuses the 'bad ports' such as 1 before any request is made).
const closed = http.createServer();
await new Promise((r) => closed.listen(0, '127.0.0.1', r));
const closedPort = closed.address().port;
await new Promise((r) => closed.close(r));

const quiet = (p) => p.then(
  async (r) => {
    if (r && typeof r.text === 'function') await r.text();
    else if (r?.body?.text) await r.body.text();
  },
  () => {},
);

const cases = [
  () => fetch(`${base}/diff/get?x=1&y=two`),
  () => fetch(`${base}/diff/post`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json', 'user-agent': 'diff-agent/1.0' } }),
  () => fetch(`${base}/diff/put`, { method: 'put', body: 'x' }),
  () => fetch(`${base}/diff/status/404`),
  () => fetch(`${base}/diff/status/503?retry=no`),
  () => fetch(`${base}/diff/enc/sp ace/ü/{x}?q=a b&o='quoted'`),
  () => fetch(`${base}/diff/dots/./a/../b`),
  () => fetch(`${base}/diff/empty-query?`),
  () => fetch(`${base}/diff/redirect`),
  async () => {
    const r = await fetch(`${base}/diff/stream`);
    const reader = r.body.getReader();
    while (!(await reader.read()).done);
  },
  async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await fetch(`${base}/diff/slow`, { signal: ac.signal }).catch(() => {});
  },
  () => fetch(`http://127.0.0.1:${closedPort}/diff/refused`).catch(() => {}),
  () => undici.request(`http://127.0.0.1:${closedPort}/diff/refused-undici`).catch(() => {}),
  () => fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) }),
  () => fetch(`${base}/diff/stainless`, { headers: { 'x-stainless-retry-count': '2' } }),
  () => undici.request(`${base}/diff/undici-get?a=1`),
  () => undici.request(`${base}/diff/undici-propfind`, { method: 'PROPFIND' }),
  () => undici.request(`${base}/diff/undici-lower`, { method: 'get' }),
  () => undici.request(`${base}/diff/undici-ua`, { headers: { 'User-Agent': 'first', 'x-other': '1' } }),
  () => undici.request(base, { path: '/diff/raw/{braces}|pipe^`tick`', method: 'GET' }),
  () => undici.request(base, { path: '/diff/raw/a/../b/./c', method: 'GET' }),
  () => undici.request(base, { path: '/diff/raw/%2e%2e/d', method: 'GET' }),
  () => undici.request(base, { path: '/diff/raw/back\\slash', method: 'GET' }),
  () => undici.request(base, { path: "/diff/raw/q?name=o'brien&x=[1]", method: 'GET' }),
  () => undici.request(base, { path: '/diff/raw/%41%zz', method: 'GET' }),
  () => undici.request(base, { path: '//diff/raw-authority', method: 'GET' }),
  () => new undici.Client(base.replace('127.0.0.1', 'LOCALHOST').replace(`:${port}`, `:${port}`)).request({ path: '/diff/client-upper', method: 'GET' }),
  () => undici.request(`${base}/diff/slow?undici`, { signal: AbortSignal.timeout(50) }).catch(() => {}),
  ...(v6base ? [() => fetch(`${v6base}/diff/ipv6?x=1`), () => undici.request(`${v6base}/diff/ipv6-undici`)] : []),
  ...(undici5
    ? [
        () => undici5.request(`${base}/diff/v5-get?z=9`, { headers: { 'user-agent': ['ua-a', 'ua-b'] } }),
        () => undici5.request(`${base}/diff/v5-post`, { method: 'POST', body: 'b', headers: { 'User-Agent': 'v5' } }),
        () => undici5.request(`${base}/diff/status/500?v5`),
      ]
    : []),
];
for (const c of cases) await quiet(Promise.resolve().then(c));

await new Promise((r) => setTimeout(r, 200));
for (const s of finished) {
  console.log(
    `UPSTREAM ${JSON.stringify({
      name: s.name,
      kind: s.kind,
      status: s.status,
      attributes: s.attributes,
      events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    })}`,
  );
}
process.exit(0);
