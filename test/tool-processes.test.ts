// NODE_OPTIONS reaches package managers too (a Dockerfile running `npm start`).
// They are left alone: one startup line (the app's), and only the app's spans
// exported; BOTANU_INSTRUMENT_TOOLS=true instruments them anyway.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, runToEnd } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

const NPM_CLI = fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
const PRELOAD = '--require @botanu/agent/register';
const startupLines = (stderr: string) => stderr.match(/^\[botanu\] agent .* on Node /gm) ?? [];

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

test('`npm start` under NODE_OPTIONS: only the app is instrumented, only its spans exported', async () => {
  const dir = fs.mkdtempSync(path.join(APP_DIR, 'npm-start-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'npm-start-app', private: true, scripts: { start: 'node ../lifecycle/server.mjs' } }));
    const env = cleanEnv({ NODE_OPTIONS: PRELOAD, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'shop', npm_config_update_notifier: 'false', npm_config_loglevel: 'silent' });
    const npm = spawn(process.execPath, [NPM_CLI, 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    npm.stdout.on('data', (c) => (out += c));
    npm.stderr.on('data', (c) => (err += c));
    const exited = new Promise((r) => npm.on('exit', r));
    const port = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no READY: ${out} ${err}`)), 20_000);
      npm.stdout.on('data', () => {
        const m = /READY (\d+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[1]);
        }
      });
    });
    await fetch(`http://127.0.0.1:${port}/work`);
    await fetch(`http://127.0.0.1:${port}/exit`).catch(() => {});
    await exited;
    const spans = await receiver.waitFor((s) => s.some((x) => x.attributes['url.path'] === '/exit'), 5000);
    expect(startupLines(err)).toHaveLength(1);
    const pids = new Set(spans.map((s) => s.resource['process.pid']));
    expect(pids.size).toBe(1);
    expect(pids.has(npm.pid!)).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each([['npm-cli.js'], ['npx-cli.js'], ['yarn.js'], ['yarn-4.9.1.cjs'], ['pnpm.cjs'], ['corepack'], ['pnpm']])('a tool entry script named %s gets no agent; BOTANU_INSTRUMENT_TOOLS=true instruments it', async (name) => {
  const dir = fs.mkdtempSync(path.join(APP_DIR, 'tool-'));
  try {
    const script = path.join(dir, name);
    fs.writeFileSync(script, "console.log('tool ran'); fetch(process.env.TARGET).catch(() => {}).finally(() => {});\n");
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, TARGET: `${receiver.url}/not-traces` };
    const left = await runToEnd(script, { preload: 'node-options', env });
    expect(left.stdout).toContain('tool ran');
    expect(startupLines(left.stderr)).toHaveLength(0);
    const instrumented = await runToEnd(script, { preload: 'node-options', env: { ...env, BOTANU_INSTRUMENT_TOOLS: 'true' } });
    expect(startupLines(instrumented.stderr)).toHaveLength(1);
    await receiver.waitFor((s) => s.some((x) => x.kind === 3));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
