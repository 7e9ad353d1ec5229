// The framework, ORM and logger instrumentations are bundled apart (dist/lazy/):
// an app that installs none of those libraries loads none of their code, and an
// app that installs some loads only theirs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { APP_DIR } from './helpers/paths';

let bare: string;
beforeAll(() => {
  // An app directory outside the fixture install: only the agent (and pino) in its node_modules.
  bare = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-bare-app-'));
  fs.mkdirSync(path.join(bare, 'node_modules', '@botanu'), { recursive: true });
  fs.symlinkSync(path.join(APP_DIR, 'node_modules', '@botanu', 'agent'), path.join(bare, 'node_modules', '@botanu', 'agent'));
  fs.copyFileSync(path.join(APP_DIR, 'frameworks', 'loaded-files.cjs'), path.join(bare, 'loaded-files.cjs'));
});
afterAll(() => fs.rmSync(bare, { recursive: true, force: true }));

const env = { OTEL_TRACES_EXPORTER: 'console', BOTANU_LOG_LEVEL: 'none' };

test('an app that installs none of the libraries loads none of their instrumentation code', async () => {
  for (const preload of ['require', 'import'] as const) {
    const res = await runToEnd('loaded-files.cjs', { preload, cwd: bare, env });
    expect({ preload, code: res.code, out: res.stdout.trim() }).toEqual({ preload, code: 0, out: '[]' });
  }
});

test('an app that installs pino loads the pino instrumentation only', async () => {
  fs.symlinkSync(path.join(APP_DIR, 'node_modules', 'pino'), path.join(bare, 'node_modules', 'pino'));
  const res = await runToEnd('loaded-files.cjs', { preload: 'require', cwd: bare, env, args: ['pino'] });
  expect({ code: res.code, out: res.stdout.trim() }).toEqual({ code: 0, out: '["opentelemetry+instrumentation-pino.cjs"]' });
});
