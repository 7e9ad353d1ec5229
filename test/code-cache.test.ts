// The preload bundle is evaluated through a V8 code cache (agent/start/register-loader.ts):
// created after the first start, reused by the next ones under either flag, rewritten when
// V8 rejects it, and silently absent when neither the package nor the temp dir is writable.
// Each test runs its own copy of the installed package, so caches never leak between tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APP_DIR } from './helpers/paths';

const STARTUP_LINE = /^\[botanu\] agent \d+\.\d+\.\d+ on Node /;
const NOBODY = 65534;
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-code-cache-'));
  fs.chmodSync(tmp, 0o755); // traversable by the unprivileged user of the read-only test
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the installed package, its dependencies linked from the test app. */
function installCopy(): { appDir: string; agent: string } {
  const appDir = path.join(tmp, 'app');
  const agent = path.join(appDir, 'node_modules', '@botanu', 'agent');
  fs.mkdirSync(path.dirname(agent), { recursive: true });
  fs.cpSync(path.join(APP_DIR, 'node_modules', '@botanu', 'agent'), agent, { recursive: true });
  fs.rmSync(path.join(agent, '.code-cache'), { recursive: true, force: true });
  for (const dep of ['import-in-the-middle', 'require-in-the-middle']) fs.symlinkSync(path.join(APP_DIR, 'node_modules', dep), path.join(appDir, 'node_modules', dep), 'dir');
  return { appDir, agent };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(appDir: string, flags: string[], code: string, env: Record<string, string> = {}, uid?: number): Run {
  const r = spawnSync(process.execPath, [...flags, '-e', code], {
    cwd: appDir,
    encoding: 'utf8',
    uid,
    env: { PATH: process.env.PATH, OTEL_TRACES_EXPORTER: 'none', TMPDIR: path.join(tmp, 'tmp'), ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);
const debug = { BOTANU_LOG_LEVEL: 'debug' };
const codeCacheLine = (r: Run) => /code cache: (.*)/.exec(r.stderr)?.[1];

test('created after the first start, next to dist/, and reused under --require and --import', () => {
  fs.mkdirSync(path.join(tmp, 'tmp'));
  const { appDir, agent } = installCopy();
  const cacheDir = path.join(agent, '.code-cache');
  // The bundle keeps require()'s module identity: in require.cache, loaded, the same exports.
  const probe = `const f = ${JSON.stringify(path.join(fs.realpathSync(agent), 'dist', 'register.cjs'))}; const m = require.cache[f]; console.log(JSON.stringify({ loaded: m?.loaded, same: m?.exports === require(f), id: m?.id === f }))`;

  const first = run(appDir, ['--require', path.join(agent, 'register.cjs')], probe, debug);
  expect(first.status).toBe(0);
  expect(JSON.parse(first.stdout)).toEqual({ loaded: true, same: true, id: true });
  expect(codeCacheLine(first)).toBe('miss (written after startup)');
  const files = cacheFiles(cacheDir);
  expect(files).toEqual([expect.stringMatching(new RegExp(`^register-${process.version}-${process.arch}-[0-9a-f]{16}-\\d+-\\d+-[0-9a-f]{8}\\.v8cache$`))]);
  const written = fs.statSync(path.join(cacheDir, files[0]));
  expect(written.size).toBeGreaterThan(10_000);

  for (const flags of [['--require', path.join(agent, 'register.cjs')], ['--import', path.join(agent, 'register.mjs')]]) {
    const again = run(appDir, flags, probe, debug);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ loaded: true, same: true, id: true });
    expect(codeCacheLine(again)).toBe(`hit: ${cacheDir}`);
  }
  // A hit is not rewritten.
  expect(fs.statSync(path.join(cacheDir, files[0])).mtimeMs).toBe(written.mtimeMs);
  expect(cacheFiles(path.join(tmp, 'tmp', `botanu-agent-code-cache-${process.getuid!()}`))).toEqual([]);
}, 60_000);

test('processes with different V8 flags keep a cache each instead of overwriting one another', () => {
  fs.mkdirSync(path.join(tmp, 'tmp'));
  const { appDir, agent } = installCopy();
  const cacheDir = path.join(agent, '.code-cache');
  const plain = ['--require', path.join(agent, 'register.cjs')];
  const jitless = ['--jitless', ...plain];
  expect(run(appDir, plain, '0').status).toBe(0);
  expect(codeCacheLine(run(appDir, jitless, '0', debug))).toBe('miss (written after startup)');
  expect(cacheFiles(cacheDir)).toHaveLength(2);
  for (const flags of [plain, jitless, plain, jitless]) expect(codeCacheLine(run(appDir, flags, '0', debug))).toBe(`hit: ${cacheDir}`);
}, 60_000);

test('a cache V8 rejects is rewritten, without a word on stderr', () => {
  fs.mkdirSync(path.join(tmp, 'tmp'));
  const { appDir, agent } = installCopy();
  const cacheDir = path.join(agent, '.code-cache');
  expect(run(appDir, ['--require', path.join(agent, 'register.cjs')], '0').status).toBe(0);
  const [file] = cacheFiles(cacheDir);
  fs.writeFileSync(path.join(cacheDir, file), 'not a code cache');

  const rejected = run(appDir, ['--require', path.join(agent, 'register.cjs')], "console.log('app ran')");
  expect(rejected.status).toBe(0);
  expect(rejected.stdout).toBe('app ran\n');
  expect(rejected.stderr.trim().split('\n')).toEqual([expect.stringMatching(STARTUP_LINE)]);
  expect(fs.readFileSync(path.join(cacheDir, file), 'utf8')).not.toBe('not a code cache');
  expect(codeCacheLine(run(appDir, ['--require', path.join(agent, 'register.cjs')], '0', debug))).toBe(`hit: ${cacheDir}`);
}, 60_000);

// As root, permission bits do not stop writes: the app runs as an unprivileged user instead.
const asRoot = process.getuid?.() === 0;
test('a read-only package directory falls back to a private directory under TMPDIR; with that unwritable too, no cache and no warning', () => {
  const { appDir, agent } = installCopy();
  const uid = asRoot ? NOBODY : undefined;
  if (!asRoot) fs.chmodSync(agent, 0o555);
  try {
    // TMPDIR writable: the cache goes to its per-user directory, and is used from there.
    fs.mkdirSync(path.join(tmp, 'tmp'), { mode: 0o777 });
    fs.chmodSync(path.join(tmp, 'tmp'), 0o777);
    const privateDir = path.join(tmp, 'tmp', `botanu-agent-code-cache-${uid ?? process.getuid!()}`);
    expect(run(appDir, ['--require', path.join(agent, 'register.cjs')], '0', {}, uid).status).toBe(0);
    expect(cacheFiles(privateDir)).toHaveLength(1);
    expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
    expect(codeCacheLine(run(appDir, ['--import', path.join(agent, 'register.mjs')], '0', debug, uid))).toBe(`hit: ${privateDir}`);

    // Neither writable: the app starts as usual, the only line on stderr is the startup line.
    const readOnlyTmp = path.join(tmp, 'ro-tmp');
    fs.mkdirSync(readOnlyTmp);
    fs.chmodSync(readOnlyTmp, 0o555);
    for (const flags of [['--require', path.join(agent, 'register.cjs')], ['--import', path.join(agent, 'register.mjs')]]) {
      for (let i = 0; i < 2; i++) {
        const r = run(appDir, flags, "console.log('app ran'); process.exitCode = 3", { TMPDIR: readOnlyTmp }, uid);
        expect(r.status).toBe(3);
        expect(r.stdout).toBe('app ran\n');
        expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(STARTUP_LINE)]);
      }
    }
    expect(fs.readdirSync(readOnlyTmp)).toEqual([]);
    expect(fs.existsSync(path.join(agent, '.code-cache'))).toBe(false);
  } finally {
    if (!asRoot) fs.chmodSync(agent, 0o755);
  }
}, 60_000);
