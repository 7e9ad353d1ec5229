// express behaviours the agent must not change (issue 21; found by express's own
// suite): `next` === `req.next` inside res.format() callbacks (canonicalized mime
// types and .default), after a thrown error, a value String() cannot convert passed
// to next(), a layer's handle (the app's own function), nothing added to
// req/res (properties, 'close' listeners), and a
// router driven with plain objects for req/res (inside a traced request).
// Served over real HTTP, so the agent's spans are active while express runs.
// Prints one line: RESULT <json>.
const express = require('express');
const http = require('node:http');

const seen = {};
const app = express();
app.use(function negotiate(req, res, next) {
  if (req.path !== '/format' && req.path !== '/default') return next();
  const same = (label) => (a, b, c) => {
    seen[label] = { req: a === req, res: b === res, next: c === next, reqNext: req.next === next };
    res.send(label);
  };
  res.format(
    req.path === '/format'
      ? { 'text/plain': same('text'), 'text/html': same('html'), 'application/json': same('json') }
      : { 'text/plain': same('text'), default: same('default') },
  );
});
app.use(function thrower(req, res, next) {
  if (req.path === '/throw') throw new Error('boom');
  // A value String() cannot convert: it must reach the error handler as it is.
  if (req.path === '/odd') return next(Object.create(null));
  next();
});
app.get('/ok', (req, res) => {
  // Nothing of the agent's on the request or the response (upstream kept its layer paths in req.__ot_middlewares).
  seen.own = { req: Object.getOwnPropertyNames(req).sort(), res: Object.getOwnPropertyNames(res).sort(), resSymbols: Object.getOwnPropertySymbols(res).length };
  // Counted once the handler returned (upstream added its 'close' listener then).
  res.on('finish', () => (seen.own.closeListeners = res.listenerCount('close')));
  res.send('ok');
});
app.get('/drive', (req, res) => {
  const router = express.Router();
  router.get('/x', (rq, rs, next) => next());
  router.get('/x', (rq, rs) => rs.end('driven'));
  try {
    router.handle({ url: '/x', method: 'GET' }, { end: (v) => res.send(String(v)) }, (err) => res.send(`done: ${err?.message}`));
  } catch (err) {
    res.send(`threw: ${err.message}`);
  }
});
// eslint-disable-next-line no-unused-vars
app.use(function onError(err, req, res, next) {
  if (req.path === '/odd') seen.odd = { prototype: Object.getPrototypeOf(err), keys: Object.keys(err) };
  else seen.errorHandler = { nextIsReqNext: next === req.next, message: err.message };
  res.status(500).send('handled');
});

function named(req, res, next) {
  next();
}
const probe = express.Router();
probe.use(named);

function fetchText(port, path, accept) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: accept ? { accept } : {} }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, type: String(res.headers['content-type']).split(';')[0], body }));
      })
      .on('error', reject);
  });
}

const server = app.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const out = {};
  out.json = await fetchText(port, '/format', 'application/json');
  out.canonical = await fetchText(port, '/format', 'Application/JSON');
  out.html = await fetchText(port, '/format', 'text/html');
  out.default = await fetchText(port, '/default', 'text/html');
  out.thrown = await fetchText(port, '/throw');
  out.ok = await fetchText(port, '/ok');
  out.odd = await fetchText(port, '/odd');
  out.drive = await fetchText(port, '/drive');
  out.seen = seen;
  const layer = probe.stack[0];
  out.layer = { name: layer.name, handleName: layer.handle.name, handleLength: layer.handle.length, ownSymbols: Object.getOwnPropertySymbols(layer).length, handleIsTheApps: layer.handle === named, handleKeys: Object.keys(layer.handle) };
  console.log(`RESULT ${JSON.stringify(out)}`);
  server.close();
});
