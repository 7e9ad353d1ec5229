// Installs what the benchmark runs, as a user would have it: the comparison
// agents and app libraries from bench/package-lock.json (npm ci), and
// @botanu/agent from the tarball `npm pack` makes of this checkout.
// Reinstalls only what changed (lockfile hash, tarball hash). Then one directory
// per variant (variants/<name>) holding the apps and links to just that
// variant's packages. Prints the work dir.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_PACKAGES, APP_PACKAGES, BASELINE, BASELINE_INSTALL } from './lib/variants.mjs';
import { npm } from '../scripts/npm.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
// Outside the repository: nothing may resolve from, or be detected in, the
// checkout's own node_modules (it holds every instrumented library as a devDependency).
const WORK = process.env.BOTANU_BENCH_WORK
  ? path.resolve(process.env.BOTANU_BENCH_WORK)
  : path.join(os.tmpdir(), `botanu-agent-bench-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);
if (path.relative(ROOT, WORK).split(path.sep)[0] !== '..') throw new Error(`BOTANU_BENCH_WORK (${WORK}) must be outside the repository`);
const APP = path.join(WORK, 'app');

const hash = (...bufs) => bufs.reduce((h, b) => h.update(b), createHash('sha256')).digest('hex');
const readStamp = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');

fs.mkdirSync(APP, { recursive: true });
const lock = fs.readFileSync(path.join(BENCH, 'package-lock.json'));
const manifest = fs.readFileSync(path.join(BENCH, 'package.json'));
const depsStamp = path.join(APP, '.deps-stamp');
const agentStamp = path.join(APP, '.agent-stamp');
if (readStamp(depsStamp) !== hash(manifest, lock)) {
  process.stderr.write('bench: installing the comparison agents and app libraries (npm ci)\n');
  fs.writeFileSync(path.join(APP, 'package.json'), manifest);
  fs.writeFileSync(path.join(APP, 'package-lock.json'), lock);
  fs.rmSync(agentStamp, { force: true });
  npm(['ci'], APP);
  fs.writeFileSync(depsStamp, hash(manifest, lock));
}

process.stderr.write('bench: packing @botanu/agent (npm pack builds dist/)\n');
const out = npm(['pack', '--pack-destination', WORK, '--json'], ROOT);
const tarball = path.join(WORK, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
const tarHash = hash(fs.readFileSync(tarball));
if (readStamp(agentStamp) !== tarHash) {
  process.stderr.write('bench: installing the packed @botanu/agent\n');
  // --no-save: the committed lockfile stays the comparison set; the agent is added on top.
  npm(['install', '--no-save', tarball], APP);
  fs.writeFileSync(agentStamp, tarHash);
}

// BENCH_BASELINE=<tarball>: another build of the agent, installed on its own (its own
// import-in-the-middle and require-in-the-middle), run as the variant botanu-baseline.
const baselineTarball = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;
const BASE_DIR = path.join(WORK, BASELINE_INSTALL);
if (baselineTarball) {
  const stamp = path.join(BASE_DIR, '.agent-stamp');
  const h = hash(fs.readFileSync(baselineTarball));
  if (readStamp(stamp) !== h) {
    process.stderr.write(`bench: installing the baseline agent (${baselineTarball})\n`);
    fs.rmSync(BASE_DIR, { recursive: true, force: true });
    fs.mkdirSync(BASE_DIR, { recursive: true });
    fs.writeFileSync(path.join(BASE_DIR, 'package.json'), '{"name":"botanu-bench-baseline","private":true}\n');
    npm(['install', '--no-save', '--no-package-lock', baselineTarball], BASE_DIR);
    fs.writeFileSync(stamp, h);
  }
}

for (const f of fs.readdirSync(path.join(BENCH, 'services'))) fs.copyFileSync(path.join(BENCH, 'services', f), path.join(APP, f));
const VARIANTS_DIR = path.join(WORK, 'variants');
fs.rmSync(VARIANTS_DIR, { recursive: true, force: true });
for (const [variant, own] of Object.entries(AGENT_PACKAGES)) {
  const dir = path.join(VARIANTS_DIR, variant);
  for (const pkg of [...APP_PACKAGES, ...own]) {
    const link = path.join(dir, 'node_modules', pkg);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(APP, 'node_modules', pkg), link, 'dir');
  }
  for (const f of fs.readdirSync(path.join(BENCH, 'apps'))) fs.copyFileSync(path.join(BENCH, 'apps', f), path.join(dir, f));
}
if (baselineTarball) {
  const dir = path.join(VARIANTS_DIR, BASELINE);
  for (const [pkg, from] of [...APP_PACKAGES.map((p) => [p, APP]), ['@botanu/agent', BASE_DIR]]) {
    const link = path.join(dir, 'node_modules', pkg);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(from, 'node_modules', pkg), link, 'dir');
  }
  for (const f of fs.readdirSync(path.join(BENCH, 'apps'))) fs.copyFileSync(path.join(BENCH, 'apps', f), path.join(dir, f));
}
process.stdout.write(WORK + '\n');
