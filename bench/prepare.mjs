// Installs what the benchmark runs, as a user would have it: the comparison
// agents and app libraries from bench/package-lock.json (npm ci), and
// @botanu/agent from the tarball `npm pack` makes of this checkout.
// Reinstalls only what changed (lockfile hash, tarball hash). Prints the app dir.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const WORK = process.env.BOTANU_BENCH_WORK ? path.resolve(process.env.BOTANU_BENCH_WORK) : path.join(BENCH, '.work');
const APP = path.join(WORK, 'app');

function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
  ].filter((c) => c && c.endsWith('.js'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('npm-cli.js not found');
  return found;
}

function npm(args, cwd) {
  return execFileSync(process.execPath, [npmCli(), ...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
  });
}

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

for (const dir of ['apps', 'services']) {
  for (const f of fs.readdirSync(path.join(BENCH, dir))) fs.copyFileSync(path.join(BENCH, dir, f), path.join(APP, f));
}
process.stdout.write(APP + '\n');
