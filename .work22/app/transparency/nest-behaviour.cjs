// NestJS behaviours the agent must not change (issue 21): what a controller
// method throws (null, undefined, a Symbol, a string, an HttpException) reaches
// the app's exception filter as it is; a handler's return value, status code
// and headers; NestFactory.create keeps its name and length. Requests go over
// real HTTP, so with the agent they run inside the server span (the
// instrumentation's span-making path). Run directly: NestJS 12 (ES modules,
// required); frameworks/nest11/nest11-behaviour.cjs runs it with NestJS 11.
// Prints one line: RESULT <json>.
require('reflect-metadata');
const http = require('node:http');

const describe = (v) => {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'string') return `string ${v}`;
  return `${v.constructor?.name}: ${v.message}`;
};

const get = (port, path) =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(`${res.statusCode} ${res.headers['x-probe'] ?? ''} ${body}`));
      })
      .on('error', reject);
  });

const route = (common, cls, method, path, fn, decorators = []) => {
  cls.prototype[method] = fn;
  const d = Object.getOwnPropertyDescriptor(cls.prototype, method);
  for (const dec of [common.Get(path), ...decorators]) dec(cls.prototype, method, d);
};

async function main({ core, common }) {
  const out = { filter: {} };
  out.create = { name: core.NestFactory.create.name, length: core.NestFactory.create.length };
  class ProbeController {}
  route(common, ProbeController, 'value', 'value', function value() {
    return { self: this instanceof ProbeController, args: arguments.length };
  });
  route(common, ProbeController, 'created', 'created', () => 'made', [common.HttpCode(201), common.Header('x-probe', 'yes')]);
  route(common, ProbeController, 'later', 'later', async () => 'later');
  route(common, ProbeController, 'throwNull', 'throw-null', () => {
    throw null;
  });
  route(common, ProbeController, 'throwUndefined', 'throw-undefined', () => {
    throw undefined;
  });
  route(common, ProbeController, 'throwSymbol', 'throw-symbol', () => {
    throw Symbol('thrown');
  });
  route(common, ProbeController, 'throwString', 'throw-string', () => {
    throw 'text';
  });
  route(common, ProbeController, 'rejectNull', 'reject-null', () => Promise.reject(null));
  route(common, ProbeController, 'throwHttp', 'throw-http', () => {
    throw new common.ForbiddenException('nope');
  });
  common.Controller('probe')(ProbeController);
  class ProbeModule {}
  common.Module({ controllers: [ProbeController] })(ProbeModule);

  class AllFilter {
    catch(exception, host) {
      const res = host.switchToHttp().getResponse();
      const req = host.switchToHttp().getRequest();
      out.filter[req.url] = describe(exception);
      res.status(599).send(describe(exception));
    }
  }
  common.Catch()(AllFilter);

  const app = await core.NestFactory.create(ProbeModule, { logger: false });
  app.useGlobalFilters(new AllFilter());
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  out.responses = {};
  for (const p of ['value', 'created', 'later', 'throw-null', 'throw-undefined', 'throw-symbol', 'throw-string', 'reject-null', 'throw-http']) {
    out.responses[p] = await get(port, `/probe/${p}`);
  }
  await app.close();
  try {
    await core.NestFactory.create(undefined, { logger: false, abortOnError: false });
    out.createUndefined = 'created';
  } catch (err) {
    out.createUndefined = describe(err);
  }
  console.log(`RESULT ${JSON.stringify(out)}`);
}

if (require.main === module) {
  main({ core: require('@nestjs/core'), common: require('@nestjs/common') }).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

module.exports = { main };
