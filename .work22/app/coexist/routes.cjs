// The routes both coexist services serve (server.cjs, server.mjs): /work calls
// the downstream service with http, /work-fetch with fetch, /stats and
// /shutdown reach the app's own tracing (app-tracing.cjs). `http` is passed in,
// so the ESM twin keeps its own `import http from 'node:http'`.
function listen(http) {
  const server = http.createServer((req, res) => {
    const failed = (e) => {
      res.statusCode = 502;
      res.end(String(e));
    };
    if (req.url === '/work') {
      http
        .get(process.env.DOWNSTREAM_URL, (r) => {
          r.resume();
          r.on('end', () => res.end('ok'));
        })
        .on('error', failed);
    } else if (req.url === '/work-fetch') {
      // fetch: instrumented by the agent only (the app's SDK has just the http instrumentation).
      fetch(process.env.DOWNSTREAM_URL).then((r) => r.text().then(() => res.end('ok')), failed);
    } else if (req.url === '/stats') {
      res.end(JSON.stringify(globalThis.__appTracing?.stats ?? null));
    } else if (req.url === '/shutdown') {
      globalThis.__appTracing.sdk.shutdown().then(() => res.end('down'), (e) => res.end(`failed ${e}`));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
  return server;
}

module.exports = { listen };
