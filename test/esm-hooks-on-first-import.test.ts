// import-in-the-middle is loaded on the first `import` resolution (agent/start/esm-hooks.ts):
// that very import must be instrumented too, also when it is not the entry point.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { syncHooksUsable } from '../agent/start/esm-hooks';
import { get, runToEnd, startApp } from './helpers/app';
import { APP_DIR, ROOT } from './helpers/paths';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

test.each(['require', 'import'] as const)('a CommonJS app whose first import is import("express") (--%s): express spans', async (preload) => {
  const app = startApp('http/express-dynamic-import.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    expect((await get(`http://127.0.0.1:${port}/hello/7`)).status).toBe(200);
    const spans = await receiver.waitFor((s) => s.some((x) => x.kind === SPAN_KIND.SERVER) && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
    expect(spans.find((s) => s.kind === SPAN_KIND.SERVER)!.name).toBe('GET /hello/:id');
  } finally {
    app.kill();
    await app.exited;
  }
});

// express is patched in the file its entry require()s (instrumentations/express): an ES module
// importing it is instrumented through the require hook, and import-in-the-middle never loads, hook
// side or entry (the app's other installed libraries' instrumentations are enabled all the same).
test.each(['import', 'require', 'node-options'] as const)('an ES-module app importing only express (--%s): express spans, no import-in-the-middle hook', async (preload) => {
  const app = startApp('http/express-esm-only.mjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    expect((await get(`http://127.0.0.1:${port}/items/7`)).status).toBe(200);
    const spans = await receiver.waitFor((s) => s.some((x) => x.kind === SPAN_KIND.SERVER) && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
    expect(spans.find((s) => s.kind === SPAN_KIND.SERVER)!.name).toBe('GET /items/:id');
    const loaded = await get(`http://127.0.0.1:${port}/loaded`);
    // Nor its entry, where the enabled instrumentations' hooks wait (agent/start/iitm/lazy-hook.ts), nor node:worker_threads.
    if (syncHooksUsable(process.versions.node)) expect(JSON.parse(loaded.body)).toEqual({ iitm: [], entry: [], workerThreads: false });
  } finally {
    app.kill();
    await app.exited;
  }
});

// The agent decides between sync and off-thread hooks without loading import-in-the-middle's
// ES-module version check; its answer must stay import-in-the-middle's own.
test('syncHooksUsable agrees with import-in-the-middle on every pinned Node and the boundary versions', () => {
  const table: [string, boolean][] = [
    ['22.15.0', false], ['22.22.2', false], ['22.22.3', true], ['22.23.0', true], ['23.9.0', false], ['24.11.0', false],
    ['24.11.1', true], ['24.21.0', true], ['25.0.0', false], ['25.1.0', true], ['26.0.0', true], ['20.20.2', false],
  ];
  for (const [v, expected] of table) expect([v, syncHooksUsable(v)]).toEqual([v, expected]);
  const iitm = path.join(APP_DIR, 'node_modules', 'import-in-the-middle', 'supports-sync-hooks.mjs');
  for (const bin of ['node22min', 'node22', 'node24-11', 'node24', 'node26'].map((n) => path.join(ROOT, 'node_modules', n, 'bin', 'node')).filter((b) => fs.existsSync(b))) {
    const [version, theirs] = execFileSync(bin, ['--input-type=module', '-e', `import { supportsSyncHooks } from ${JSON.stringify(pathToFileURL(iitm).href)}; console.log(process.versions.node, supportsSyncHooks())`], { encoding: 'utf8' }).trim().split(' ');
    expect([version, syncHooksUsable(version)]).toEqual([version, theirs === 'true']);
  }
});

// The watcher sits on the resolve chain only while an ES-module graph may be linking
// (agent/start/esm-graph-starts.ts): a CommonJS app's require()s never pass it, and an
// ES module a CommonJS app require()s still has its imports instrumented.
const syncHooks = syncHooksUsable(process.versions.node);

test.each(['import', 'require', 'node-options'] as const)('a CommonJS app that only requires (--%s): the ESM watcher is off the resolve chain', async (preload) => {
  const res = await runToEnd('startup/cjs-requires-only.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(res.code).toBe(0);
  expect(res.stdout).toContain(`LOADED function function watcher=${syncHooks ? 'idle' : 'none'}`);
});

test.each(['import', 'require'] as const)('a CommonJS app that require()s an ES module importing ioredis (--%s): Redis spans', async (preload) => {
  const res = await runToEnd('startup/require-esm-redis.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(res.stderr).not.toMatch(/Error/);
  expect(res.stdout).toContain('INCR true');
  const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'incr'));
  expect(spans.find((x) => x.name === 'incr')!.scope.name).toBe('@opentelemetry/instrumentation-ioredis');
});

test.each(['require', 'node-options', 'import'] as const)('an entry that is an ES module by its syntax alone (typeless .js, --%s), importing ioredis: Redis spans', async (preload) => {
  const res = await runToEnd('startup/typeless-esm-redis.js', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(res.stdout).toContain('INCR true');
  const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'incr'));
  expect(spans.find((x) => x.name === 'incr')!.scope.name).toBe('@opentelemetry/instrumentation-ioredis');
});
