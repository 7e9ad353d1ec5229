// What the provider fixtures share: the HTTP server, JSON and server-sent-event
// replies, and the scenario a request asks for. A fixture's base URL carries
// the scenario: http://127.0.0.1:PORT/s/<mode>/<key>/… where <mode> is
//   ok          normal answer
//   error       the provider's 400 error body
//   retry       429 (with retry-after) on the first attempt of <key>, then ok
//   overloaded  (anthropic) 529 overloaded_error on the first attempt, then ok
//   streamerror a stream that fails after its first events with the provider's error event
//   slowbody    (openai) ok, but the JSON body arrives 300 ms after the headers
'use strict';
const http = require('node:http');

function readBody(req) {
  return new Promise((resolve) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      try {
        resolve(raw ? JSON.parse(raw) : {});
      } catch {
        resolve({});
      }
    });
  });
}

/** `slowMs`: the headers go out at once, the body that much later (a long generation). */
function sendJson(res, status, body, headers = {}, slowMs = 0) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  if (!slowMs) return res.end(text);
  res.flushHeaders();
  setTimeout(() => res.end(text), slowMs);
}

/** Writes SSE events one by one with a short pause, as a real provider streams. */
async function sendSse(res, events, headers = {}, gapMs = 2) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  for (const e of events) {
    if (res.destroyed || res.writableEnded) return;
    const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${data}\n\n`);
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
  }
  res.end();
}

/** Parses /s/<mode>/<key>/rest; returns undefined for other paths. */
function scenarioOf(url) {
  const m = /^\/s\/([a-z]+)\/([^/]+)(\/[^?]*)(\?.*)?$/.exec(url ?? '');
  return m ? { mode: m[1], key: m[2], path: m[3], query: m[4] ?? '' } : undefined;
}

/** Counts attempts per scenario key and path, so "retry" fails exactly once. */
function attemptCounter() {
  const seen = new Map();
  return (s) => {
    const k = `${s.mode}/${s.key}${s.path}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n;
  };
}

/** Listens on a free loopback port; close() also drops kept-alive connections. */
function listen(server, requests) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const close = () => new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      resolve({ url: `http://127.0.0.1:${port}`, requests, close });
    });
  });
}

/**
 * A provider fixture: records every request, numbers it, and hands the handler
 * the parsed body, the scenario (undefined for a path outside /s/…) and which
 * attempt of that scenario this is.
 */
function fixtureServer(handle) {
  const attempt = attemptCounter();
  const requests = [];
  let n = 0;
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const s = scenarioOf(req.url);
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    await handle({ body, s, id: ++n, tries: s ? attempt(s) : 0 }, res);
  });
  return listen(server, requests);
}

module.exports = { sendJson, sendSse, fixtureServer };
