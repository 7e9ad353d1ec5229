// connect behaviours the agent must not change (issue 21; found by connect's own
// suite): a mounted sub-app gets its .route and answers under its mount path, a
// mounted http.Server answers too (connect recognises both only as they are
// passed to use()), and the middleware connect keeps has the app's function's
// name and length. Requests go over real HTTP (inside the server span with the agent).
// Prints one line: RESULT <json>.
const http = require('node:http');
const get = require('./get-text.cjs');
const connect = require('connect');


async function main() {
  const out = {};
  const app = connect();
  const blog = connect();
  blog.use((req, res) => res.end(`blog ${req.url}`));
  app.use('/blog', blog);
  out.route = blog.route;
  app.use('/node', http.createServer((req, res) => res.end(`node ${req.url}`)));
  function named(req, res, next) {
    next();
  }
  app.use(named);
  const kept = app.stack[app.stack.length - 1].handle;
  out.kept = { name: kept.name, length: kept.length };
  app.use((req, res) => res.end('end'));
  const server = http.createServer(app);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  for (const p of ['/blog', '/BLog/x', '/node/y', '/other']) out[p] = await get(port, p);
  server.close();
  console.log(`RESULT ${JSON.stringify(out)}`);
}

main();
