// A long-running server for exit tests. MODE selects how it ends:
//   (default) no signal handler of its own; `own-handler`: closes the server on SIGTERM and exits 0 itself;
//   `exit-now`: a request to /exit calls process.exit(3) synchronously right after making spans;
//   `throw`: a request to /throw raises an uncaught exception; /loaded lists the CommonJS modules loaded;
//   `exit-after-close`: as `next start` does, closes the server on SIGTERM and calls process.exit(143) shortly after.
import http from 'node:http';
import { createRequire } from 'node:module';

const mode = process.env.MODE ?? 'default';
const server = http.createServer(async (req, res) => {
  if (req.url === '/leaf') {
    res.end('leaf');
    return;
  }
  if (req.url === '/loaded') {
    res.end(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
    return;
  }
  if (req.url === '/exit') {
    res.end('bye');
    setImmediate(() => process.exit(3));
    return;
  }
  if (req.url === '/throw') {
    res.end('boom');
    setImmediate(() => {
      throw new Error('uncaught in app');
    });
    return;
  }
  await fetch(`http://127.0.0.1:${server.address().port}/leaf`).catch(() => {});
  res.end('ok');
});
if (mode === 'own-handler') {
  process.on('SIGTERM', () => {
    console.log('APP HANDLER RAN');
    server.close(() => process.exit(0));
  });
}
if (mode === 'exit-after-close') {
  process.on('SIGTERM', () => {
    server.close();
    setTimeout(() => process.exit(143), 200);
  });
}
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
