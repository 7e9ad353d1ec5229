// Startup filters in front of the module hooks (agent/start/require-prefilter.ts,
// agent/start/esm-hooks.ts): a require() that cannot load a hooked package skips
// require-in-the-middle, and import-in-the-middle stays unloaded until a module it
// would wrap is imported. What must hold: every hooked package is still hooked,
// however it is reached, and the filters only ever skip what the hooks would ignore.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { internalsHookedBy, mayBeHooked, trieNames } from '../agent/start/require-prefilter';
import { includeMatcher } from '../agent/start/esm-hooks';
import { get, startApp } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

interface TrieNode {
  hooks: unknown[];
  children: Map<string, TrieNode>;
}
const node = (children: Record<string, TrieNode> = {}, hooks = 0): TrieNode => ({ hooks: new Array(hooks).fill({}), children: new Map(Object.entries(children)) });
// Hooked: express, pg, @anthropic-ai/sdk, and every package of the @scoped scope.
const names = trieNames(node({ express: node({}, 1), pg: node({ lib: node({ 'client.js': node({}, 1) }) }, 1), '@anthropic-ai': node({ sdk: node({}, 1) }), '@scoped': node({}, 1) }));
const app = { filename: '/srv/app/server.js' };
const inExpress = { filename: '/srv/app/node_modules/express/lib/express.js' };
const inDebug = { filename: '/srv/app/node_modules/debug/src/index.js' };
const inPnpm = { filename: '/srv/app/node_modules/.pnpm/express@5.1.0/node_modules/express/index.js' };

test.each([
  // bare specifiers name their package
  ['express', app, true],
  ['express/lib/router', app, true],
  ['express-session', app, false],
  ['debug', inExpress, false],
  ['pg', inDebug, true],
  ['@anthropic-ai/sdk', app, true],
  ['@anthropic-ai/sdk/resources/messages', app, true],
  ['@anthropic-ai/tokenizer', app, false],
  ['@scoped/anything', app, true],
  ['@other/thing', app, false],
  // built-ins always reach the hook (it decides them by name)
  ['http', app, true],
  ['node:fs', app, true],
  // relative paths: the package of the file they name
  ['./lib/express', inExpress, true],
  ['./node', inDebug, false],
  ['../../express/index.js', inDebug, true],
  ['./router', inPnpm, true],
  ['./routes', app, false],
  ['../lib/util', app, false],
  ['./node_modules/express', app, true],
  ['/srv/app/node_modules/express/index.js', app, true],
  ['/srv/app/lib/x.js', app, false],
  ['#internal', inExpress, true],
  ['#internal', inDebug, false],
  // anything it cannot judge goes to the hook
  ['./x', {}, true],
  ['./x', null, true],
  ['', app, true],
  [42, app, true],
] as [unknown, unknown, boolean][])('mayBeHooked(%p from %p) is %p', (id, parent, expected) => {
  expect(mayBeHooked(id, parent, names)).toBe(expected);
});

// A hooked package's files requiring each other: only packages whose own files are hooked (pg here) go to RITM.
const internals = (pkg: string) => pkg === 'pg';
const inPg = { filename: '/srv/app/node_modules/pg/lib/index.js' };
test.each([
  ['./lib/express', inExpress, false],
  ['./router', inPnpm, false],
  ['./client', inPg, true],
  ['../../express/index.js', inDebug, true], // from another package: may be express's entry
  ['../../pg/lib/client.js', inExpress, true],
  ['express', inExpress, true], // by name: always
  ['#internal', inExpress, false],
  ['/srv/app/node_modules/express/lib/router.js', inExpress, true], // an absolute path: may be anything
] as [unknown, unknown, boolean][])('with file-level hooks only for pg: mayBeHooked(%p from %p) is %p', (id, parent, expected) => {
  expect(mayBeHooked(id, parent, names, internals)).toBe(expected);
});

test('internalsHookedBy: packages with file hooks or deeper module names, read live; an unreadable definition sends every file to the hook', () => {
  const registered: unknown[] = [{ name: 'pg', files: [{ name: 'pg/lib/client.js' }] }, { name: 'pg-pool', files: [] }];
  const hooks = internalsHookedBy(() => registered);
  expect(['pg', 'pg-pool', '@nestjs/core', 'express'].map((p) => hooks(p))).toEqual([true, false, false, false]);
  // File by file: only the hooked file, however a require() names it.
  expect(['lib/client.js', 'lib/client', 'lib/../lib/client', 'lib/connection', 'lib', 'lib/client.json.js'].map((f) => hooks('pg', f))).toEqual([true, true, true, false, false, false]);
  registered.push({ name: '@nestjs/core/router', files: [] }, { name: 'express', files: [] }, { name: 'knex', files: [{ name: 'knex/lib/index.js' }] });
  expect(['@nestjs/core', 'express'].map((p) => hooks(p))).toEqual([true, false]);
  // A deeper module name: any of the package's files.
  expect(hooks('@nestjs/core', 'injector/module.js')).toBe(true);
  // A directory required for its index file.
  expect([hooks('knex', 'lib'), hooks('knex', 'lib/index'), hooks('knex', 'lib/util')]).toEqual([true, true, false]);
  registered.push({ name: 'odd' });
  expect(hooks('express')).toBe(true);
  expect(hooks('express', 'lib/router.js')).toBe(true);
  expect(internalsHookedBy(() => undefined)('express')).toBe(true);
});

// With the real file hooks: ioredis's Pipeline.js goes to RITM, its ~100 other files do not.
const ioredisFiles = internalsHookedBy(() => [{ name: 'ioredis', files: [{ name: 'ioredis/built/Pipeline.js' }] }]);
const inIoredis = { filename: '/srv/app/node_modules/ioredis/built/Redis.js' };
test.each([
  ['./Pipeline', inIoredis, true],
  ['./Pipeline.js', inIoredis, true],
  ['./Command', inIoredis, false],
  ['./cluster', inIoredis, false],
  ['../built/Pipeline', inIoredis, true],
] as [unknown, unknown, boolean][])('with ioredis/built/Pipeline.js hooked: mayBeHooked(%p from %p) is %p', (id, parent, expected) => {
  expect(mayBeHooked(id, parent, (p) => p === 'ioredis', ioredisFiles)).toBe(expected);
});

test('includeMatcher is import-in-the-middle\'s include test: names, node: built-ins, patterns, absolute paths', () => {
  const m = includeMatcher(['express', 'http', /[\\/]@nestjs[\\/]core[\\/]/, '/srv/lib/x.mjs']);
  expect(m('express', 'file:///srv/node_modules/express/index.js')).toBe(true);
  expect(m('node:http', 'node:http')).toBe(true);
  expect(m('http', 'node:http')).toBe(true);
  expect(m('./core.js', 'file:///srv/node_modules/@nestjs/core/index.js')).toBe(true);
  expect(m('../x.mjs', 'file:///srv/lib/x.mjs')).toBe(true);
  expect(m('./index.js', 'file:///srv/node_modules/math-intrinsics/index.js')).toBe(false);
  expect(m('express-session', 'file:///srv/node_modules/express-session/index.js')).toBe(false);
});

describe('a CommonJS app reaching express through another package', () => {
  const wrapper = path.join(APP_DIR, 'node_modules', 'botanu-test-wrapper');
  let receiver: OtlpReceiver;
  beforeAll(() => {
    fs.mkdirSync(wrapper, { recursive: true });
    fs.writeFileSync(path.join(wrapper, 'package.json'), JSON.stringify({ name: 'botanu-test-wrapper', version: '1.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(wrapper, 'index.js'), "module.exports = require('express');\n");
  });
  beforeEach(async () => {
    receiver = await new OtlpReceiver().start();
  });
  afterEach(() => receiver.stop());

  test.each(['require', 'import'] as const)('--%s: express is instrumented, the require filter is on, import-in-the-middle is never loaded', async (preload) => {
    const running = startApp('startup/express-through-wrapper.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, BOTANU_LOG_LEVEL: 'debug' } });
    try {
      const [, loaded] = await running.waitForOutput(/LOADED (.*)/);
      const [, port] = await running.waitForOutput(/READY (\d+)/);
      expect((await get(`http://127.0.0.1:${port}/hello/7`)).status).toBe(200);
      const spans = await receiver.waitFor((s) => s.some((x) => x.kind === SPAN_KIND.SERVER) && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
      expect(spans.find((s) => s.kind === SPAN_KIND.SERVER)!.name).toBe('GET /hello/:id');
      expect(running.stderr()).toContain('require prefilter: on');
      // express 5 loads files that Node runs as ES modules (require(esm)); none is one the hooks wrap
      expect(JSON.parse(loaded).filter((f: string) => f.startsWith('import-in-the-middle/create-hook'))).toEqual([]);
    } finally {
      running.kill();
      await running.exited;
    }
  });
});
