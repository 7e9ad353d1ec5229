// The fixture of test/express-spans-diff.test.ts: one express app with every
// kind of layer, driven by requests it makes to itself, run once with the
// agent's express instrumentation and once with @opentelemetry/instrumentation-express
// (UPSTREAM=1: the agent's disabled, upstream's registered here, both record
// through the agent's tracer provider and HTTP server spans). Inside layers a
// `probe <label>` span records which span is active there (before and after next()).
// Called by ./v5.cjs (express 5 from the fixtures) and ./express4/v4.cjs (express 4).
const http = require('node:http');

module.exports = function run(loadExpress) {
  if (process.env.UPSTREAM === '1') {
    const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
    new ExpressInstrumentation(); // enabled on construction, hooks require('express')
  }
  const { trace, context } = require('@opentelemetry/api');
  const express = loadExpress();
  const v5 = typeof express.Router.prototype?.route === 'function';
  const tracer = trace.getTracer('probe');
  const probe = (label) => tracer.startSpan(`probe ${label}`).end();
  // Every span (the SDK's class, shared by all tracers) carries the order it ended
  // in (its end time is too coarse to tell): what the test compares end points by.
  const sample = tracer.startSpan('end-order');
  const spanProto = Object.getPrototypeOf(sample);
  const end = spanProto.end;
  let ended = 0;
  spanProto.end = function () {
    if (this.isRecording()) this.setAttribute('test.end_order', ++ended);
    return end.apply(this, arguments);
  };
  sample.end();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  const app = express();
  app.use(function named(req, res, next) {
    probe('named');
    next();
    probe('after-named');
  });
  app.use((req, res, next) => next());
  app.use('/slow', async function slow(req, res, next) {
    await sleep(5);
    probe('slow');
    next();
  });
  app.param('uid', function uidParam(req, res, next, uid) {
    probe(`param ${uid}`);
    next();
  });
  app.get('/users/:uid', (req, res) => {
    probe('users');
    res.send(`user ${req.params.uid}`);
  });
  app.get('/static-path', (req, res) => res.send('static'));
  app.get(['/arr-a', '/arr-b/:x'], (req, res) => res.send('arr'));
  app.get(/^\/re\/(\d+)$/, (req, res) => res.send('re'));
  app.get(v5 ? '/files/{*rest}' : '/files/*', (req, res) => res.send('files'));
  app
    .route('/chain')
    .get((req, res) => res.send('chain get'))
    .post((req, res) => res.send('chain post'));
  app.get('/slow/ok', (req, res) => res.send('slow ok'));

  // Nested routers.
  const api = express.Router();
  const v1 = express.Router({ mergeParams: true });
  v1.use(function v1mw(req, res, next) {
    probe('v1mw');
    next();
  });
  v1.get('/items/:itemId', (req, res) => {
    probe('item');
    res.json({ item: req.params.itemId });
  });
  api.use('/v1', v1);
  api.get('/ping', (req, res) => res.send('pong'));
  app.use('/api', api);
  const empty = express.Router();
  empty.use((req, res, next) => next());
  app.use('/emptyrouter', empty);

  // A mounted sub-app.
  const sub = express();
  sub.use(function subMw(req, res, next) {
    probe('subMw');
    next();
  });
  sub.get('/info/:n', (req, res) => res.send('sub info'));
  app.use('/sub', sub);

  // next('route') and next('router').
  app.get(
    '/skip',
    (req, res, next) => next('route'),
    (req, res) => res.send('never'),
  );
  app.get('/skip', (req, res) => res.send('skipped'));
  const leaving = express.Router();
  leaving.use(function leave(req, res, next) {
    next('router');
  });
  leaving.get('/x', (req, res) => res.send('never'));
  app.use('/leave', leaving);
  app.get('/leave/x', (req, res) => res.send('left'));

  // Errors: passed to next, thrown, rejected, strings; a middleware ending the response.
  app.get('/next-error', (req, res, next) => next(new TypeError('passed on')));
  app.get('/next-string', (req, res, next) => next('a string'));
  app.get('/throw', () => {
    throw new RangeError('thrown');
  });
  app.get('/throw-string', () => {
    throw 'thrown string';
  });
  if (v5) {
    app.get('/reject', async () => {
      await sleep(1);
      throw new Error('rejected');
    });
  }
  app.use('/early', function early(req, res) {
    probe('early');
    res.send('early');
  });
  app.get('/async-next', async (req, res, next) => {
    await sleep(2);
    tracer.startActiveSpan('inner', (inner) => {
      next();
      inner.end();
    });
  });
  app.get('/async-next', (req, res) => {
    probe('after-async-next');
    res.send('done');
  });
  app.use(function errorHandler(err, req, res, next) {
    probe('errorHandler');
    res.status(500).send(`handled ${err && err.message ? err.message : String(err)}`);
  });

  const paths = [
    ['GET', '/users/7'],
    ['GET', '/USERS/8'],
    ['GET', '/static-path'],
    ['GET', '/STATIC-PATH'],
    ['GET', '/arr-a'],
    ['GET', '/arr-b/3'],
    ['GET', '/re/42'],
    ['GET', '/files/a/b.txt'],
    ['GET', '/chain'],
    ['POST', '/chain'],
    ['GET', '/slow/ok'],
    ['GET', '/api/v1/items/9?q=1'],
    ['GET', '/api/ping'],
    ['GET', '/emptyrouter/z'],
    ['GET', '/sub/info/5'],
    ['GET', '/skip'],
    ['GET', '/leave/x'],
    ['GET', '/next-error'],
    ['GET', '/next-string'],
    ['GET', '/throw'],
    ['GET', '/throw-string'],
    ...(v5 ? [['GET', '/reject']] : []),
    ['GET', '/early/e'],
    ['GET', '/async-next'],
    ['GET', '/nothing-here'],
  ];

  const server = app.listen(0, '127.0.0.1', async () => {
    const port = server.address().port;
    for (const [method, path] of paths) {
      await new Promise((resolve) => {
        const req = http.request({ host: '127.0.0.1', port, method, path }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', resolve);
        req.end();
      });
      await sleep(5);
    }
    server.close();
    await sleep(100);
    console.log(`DONE ${v5 ? 5 : 4} ${paths.length}`);
  });
};
