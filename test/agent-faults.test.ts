// The agent's own faults never reach the app: an instrumentation whose patch
// throws, an exporter whose transport throws. The app keeps serving; the
// failure is reported once.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

const REGISTER = path.join(APP_DIR, 'node_modules', '@botanu', 'agent', 'register.mjs');

test('an instrumentation whose patch throws: the library loads unpatched, the app runs, one warning', async () => {
  // A "koa" whose shape makes the koa instrumentation's patch throw.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-broken-koa-'));
  const koa = path.join(dir, 'node_modules', 'koa');
  fs.mkdirSync(koa, { recursive: true });
  fs.writeFileSync(path.join(koa, 'package.json'), JSON.stringify({ name: 'koa', version: '2.15.0', main: 'index.js' }));
  fs.writeFileSync(path.join(koa, 'index.js'), "module.exports = { get prototype() { throw new Error('hostile shape'); } };\n");
  fs.writeFileSync(path.join(dir, 'app.cjs'), "const Koa = require('koa');\nconsole.log('LOADED', typeof Koa);\nfor (let i = 0; i < 3; i++) require('koa');\n");
  const r = await runToEnd(path.join(dir, 'app.cjs'), { preload: 'none', nodeFlags: ['--import', REGISTER], cwd: dir, env: { OTEL_TRACES_EXPORTER: 'none' } });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('LOADED object');
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('[botanu] warn:') && l.includes('koa'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/patch of koa 2\.15\.0 failed, the library is left untraced: hostile shape/);
});

test('an exporter whose transport throws: requests served, one warning, no crash', async () => {
  // A preload that makes the exporter's transport (node:net, under its HTTP/1.1 client) throw for the collector's port only.
  const recv = await new OtlpReceiver().start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-throwing-transport-'));
  const fault = path.join(dir, 'fault.cjs');
  fs.writeFileSync(
    fault,
    `const net = require('node:net'); const orig = net.connect;
     net.connect = function (opts, ...rest) { if (opts && String(opts.port) === '${recv.port}') throw new Error('transport exploded'); return orig.call(this, opts, ...rest); };`,
  );
  try {
    const r = await runToEnd('env/probe.mjs', { nodeFlags: ['--require', fault], env: { OTEL_EXPORTER_OTLP_ENDPOINT: recv.url, OTEL_BSP_SCHEDULE_DELAY: '20' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SEEN ');
    expect(r.stderr.split('\n').filter((l) => l.includes('transport exploded'))).toHaveLength(1);
    expect(recv.spans).toHaveLength(0);
  } finally {
    await recv.stop();
  }
});
