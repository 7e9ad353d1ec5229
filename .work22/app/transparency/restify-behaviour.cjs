// restify behaviours the agent must not change (issue 21; found by restify's own
// suite): restify times each handler under the handler's name (req.timers, what
// its audit logger prints), so a wrapped handler must keep that name.
// Prints one line: RESULT <json>.
const restify = require('restify');
const get = require('./get-text.cjs');

async function main() {
  const out = {};
  const server = restify.createServer();
  server.use(function namedMiddleware(req, res, next) {
    next();
  });
  server.get('/t', function namedHandler(req, res, next) {
    res.send('ok');
    next();
  });
  const after = new Promise((resolve) => server.on('after', (req) => resolve((req.timers ?? []).map((t) => t.name))));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  out['/t'] = await get(server.address().port, '/t');
  out.timers = await after;
  server.close();
  console.log(`RESULT ${JSON.stringify(out)}`);
}

main();
