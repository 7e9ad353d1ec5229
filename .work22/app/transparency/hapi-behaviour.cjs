// hapi behaviours the agent must not change (issue 21; found by hapi's own suite):
// a route's `options` function and an ext method run with hapi's `this` (the
// server's or the ext's bind), hapi names a handler that returned nothing by its
// own name, nothing is added to the app's route objects or functions, server.route()
// of nothing throws hapi's own error, and register() of a plugin without a name (or of nothing) rejects
// with hapi's own error. Requests go over real HTTP, so with the agent they run
// inside the server span (the instrumentation's span-making path).
// Prints one line: RESULT <json>.
const get = require('./get-text.cjs');
const Hapi = require('@hapi/hapi');


async function main() {
  const out = {};
  const server = Hapi.server({ port: 0, host: '127.0.0.1', debug: false });
  server.bind({ a: 1 });
  server.app.b = 2;
  server.route({
    method: 'GET',
    path: '/options-fn',
    options: function (srv) {
      const a = this.a;
      return { handler: () => `${a}+${srv.app.b}` };
    },
  });
  server.ext('onPreHandler', function (request, h) {
    if (request.path === '/bound') request.app.boundX = this.x;
    return h.continue;
  }, { bind: { x: 42 } });
  server.route({ method: 'GET', path: '/bound', handler: (request) => `bound ${request.app.boundX}` });
  const myEmptyHandler = () => {};
  const emptyRoute = { method: 'GET', path: '/empty', handler: myEmptyHandler };
  server.route(emptyRoute);
  // Nothing added to the app's route object or functions.
  out.ownSymbols = Object.getOwnPropertySymbols(emptyRoute).length + Object.getOwnPropertySymbols(myEmptyHandler).length;
  for (const [label, route] of [['null', null], ['undefined', undefined]]) {
    try {
      server.route(route);
      out[`route ${label}`] = 'accepted';
    } catch (err) {
      out[`route ${label}`] = `${err.constructor.name}: ${err.message}`;
    }
  }
  const errors = [];
  server.events.on({ name: 'request', channels: 'error' }, (request, event) => errors.push(event.error.message));
  await server.start();
  const { port } = server.info;
  for (const p of ['/options-fn', '/bound', '/empty']) out[p] = await get(port, p);
  out.errors = errors;
  for (const [label, plugin] of [['no name', { register() {} }], ['undefined', undefined], ['null', null]]) {
    try {
      await server.register(plugin);
      out[`register ${label}`] = 'accepted';
    } catch (err) {
      out[`register ${label}`] = `${err.constructor.name}: ${err.message}`;
    }
  }
  await server.stop();
  console.log(`RESULT ${JSON.stringify(out)}`);
}

main();
