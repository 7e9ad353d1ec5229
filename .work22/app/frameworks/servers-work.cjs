// What both servers fixtures do, given the frameworks as the fixture loaded them
// (require or import): start NestJS, hapi, restify, connect and hono (on
// @hono/node-server) on local ports, then inside one run call a route of each
// over HTTP (the run crosses as baggage), and stop. No tracing code.
const http = require('node:http');

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));

async function startNest({ core, common }) {
  class ItemsController {
    item() {
      return { from: 'nest' };
    }
  }
  common.Controller('nest')(ItemsController);
  common.Get(':id')(ItemsController.prototype, 'item', Object.getOwnPropertyDescriptor(ItemsController.prototype, 'item'));
  common.Param('id')(ItemsController.prototype, 'item', 0);
  class AppModule {}
  common.Module({ controllers: [ItemsController] })(AppModule);
  const app = await core.NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  return { url: `http://127.0.0.1:${port}/nest/7`, stop: () => app.close() };
}

async function startHapi(Hapi) {
  const server = Hapi.server({ port: 0, host: '127.0.0.1' });
  server.route({ method: 'GET', path: '/hapi/{id}', handler: () => ({ from: 'hapi' }) });
  await server.start();
  return { url: `${server.info.uri}/hapi/7`, stop: () => server.stop() };
}

async function startRestify(restify) {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.get('/restify/:id', (req, res, next) => {
    res.send({ from: 'restify' });
    next();
  });
  const base = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
  return { url: `${base}/restify/7`, stop: () => new Promise((r) => server.close(r)) };
}

async function startConnect(connect) {
  const app = connect();
  app.use('/connect', function checkAuth(req, res, next) {
    next();
  });
  app.use('/connect', function respond(req, res) {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ from: 'connect' }));
  });
  const server = http.createServer(app);
  const base = await listen(server);
  return { url: `${base}/connect/7`, stop: () => new Promise((r) => server.close(r)) };
}

async function startHono({ Hono, serve }) {
  const app = new Hono();
  app.use('*', async function timing(c, next) {
    await next();
  });
  const api = new Hono().basePath('/hono');
  api.get('/:id', (c) => c.json({ from: 'hono' }));
  app.route('/', api);
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return { url: `http://127.0.0.1:${server.address().port}/hono/7`, stop: () => new Promise((r) => server.close(r)) };
}

async function main(libs, botanuWorkflow) {
  const servers = [await startNest(libs.nest), await startHapi(libs.hapi), await startRestify(libs.restify), await startConnect(libs.connect), await startHono(libs.hono)];
  const run = botanuWorkflow({ name: 'frameworks', eventId: 'evt-fw-1', customerId: 'cust-fw' }, async () => {
    for (const s of servers) {
      const res = await fetch(s.url);
      const body = await res.json();
      console.log(`${res.status} ${body.from}`);
    }
  });
  await run();
  for (const s of servers) await s.stop();
  console.log('DONE');
}

module.exports = { main, startNest };
