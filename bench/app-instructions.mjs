// Instructions per request of the whole HTTP bench app (express or fastify: one
// fetch + one Redis call per request), counted by valgrind's callgrind, and
// where they go: by code tier (V8's builtins, native code, JS by compiler tier),
// by function (JIT code named from V8's --perf-basic-prof map), and which
// functions call V8's generic property-load builtin (Builtins_LoadIC) the most.
// Each variant's server runs under callgrind with V8 --single-threaded (its
// compilers and GC in line); the counters are zeroed after a warm-up and a full
// GC (so the window starts from the same heap state), then N requests over two
// keep-alive connections are counted.
//
//   node bench/app-instructions.mjs <work dir from bench/prepare.mjs> [--app express] [--warmup 3000] [--requests 2000] [--top 25] [--keep DIR] plain botanu \
//     'http only=botanu:OTEL_NODE_ENABLED_INSTRUMENTATIONS=http'
//
// Variants given together run side by side (valgrind runs one thread each). The
// count moves ±3% between runs of the same build (when the scavenges fall in
// the window, and JIT work still going on after the warm-up): compare the
// tiers and functions, not totals that differ by less. Slow: ~50× node's speed,
// a few minutes per variant. This is how the generic string-method loads of
// issue 14 were found (agent/string-methods.ts).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCallgrind } from './lib/callgrind.mjs';
import { startServer } from './lib/proc.mjs';
import { takeOption } from './lib/args.mjs';
import { baseEnv, parseConfiguration, variant } from './lib/variants.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => takeOption(args, name, dflt);
const appName = opt('app', 'express');
const warmup = Number(opt('warmup', 3000));
const requests = Number(opt('requests', 2000));
const top = Number(opt('top', 25));
// --keep DIR: leaves each variant's callgrind dump and V8 perf map there (for callgrind_annotate or a call-tree reader).
const keep = opt('keep', undefined);
if (!args[0]) throw new Error('usage: node bench/app-instructions.mjs <work dir> [--app express|fastify] [--warmup N] [--requests N] [--top N] <variant>...');
const work = path.resolve(args.shift());
const configs = (args.length > 0 ? args : ['plain', 'botanu']).map(parseConfiguration);
const variants = configs.map((c) => c.name);
const node = process.execPath;
const app = path.join(work, 'app');

/** builtin, native, or the JS tier from V8's perf-map prefix (~ interpreted, ^ Sparkplug, + Maglev, * TurboFan). */
function tierOf(name) {
  if (name.startsWith('Builtins_') || name.startsWith('Builtin:')) return 'V8 builtins';
  const m = /^JS:([~^+*])/.exec(name);
  if (m) return { '~': 'JS interpreted', '^': 'JS Sparkplug', '+': 'JS Maglev', '*': 'JS TurboFan' }[m[1]];
  if (name === '(unnamed JIT code)') return 'JIT code, unnamed';
  if (GC.test(name)) return 'native: garbage collector';
  if (JIT.test(name)) return 'native: V8 compilers';
  return 'native: the rest (V8 runtime, Node, libuv, libc)';
}
// By function name; whether a full (mark-compact) GC falls in the window is chance: compare the rows without it.
const GC = /Scaveng|MarkCompact|Marking|Sweep|heap::|Heap::|Evacuat|RecordMigrated|MinorMS|RememberedSet|SlotSet|HeapObject::SizeFromMap|MemoryAllocator|ObjectStats|GCTracer/;
const JIT = /compiler::|maglev::|baseline::|Compiler|Parser|Scanner|Bytecode|Turboshaft|turboshaft::|InstructionSelector|RegisterAllocat|Assembler/;

const short = (name) => name.replace(/ \S*node_modules\//, ' ').replace(/ file:\/\/\S*\//, ' ').slice(0, 110);

async function count({ name: v, variant: variantName, env: extraEnv }, sinkPort, downstreamPort, dir) {
  const { flags, env } = variant(variantName, sinkPort);
  const server = startServer(
    'valgrind',
    ['--tool=callgrind', `--callgrind-out-file=${path.join(dir, `${v}.%p`)}`, '--dump-instr=no', '--compress-strings=no', node, '--single-threaded', '--expose-gc', '--perf-basic-prof', '--require', path.join(HERE, 'lib', 'gc-on-signal.cjs'), ...flags, `${appName}-app.mjs`],
    { env: { ...baseEnv(), ...env, ...extraEnv, DOWNSTREAM_URL: `http://127.0.0.1:${downstreamPort}/`, REDIS_PORT: '6379' }, cwd: path.join(work, 'variants', variantName), timeoutMs: 600_000 },
  );
  const port = await server.ready;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const get = () =>
    new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/work/1', agent }, (r) => r.resume().on('end', resolve)).on('error', reject);
    });
  const run = async (n) => {
    let i = 0;
    const worker = async () => {
      while (i++ < n) await get();
    };
    await Promise.all([worker(), worker()]);
  };
  await run(warmup);
  // valgrind runs node in its own process: the pid is node's.
  const pid = server.proc.pid;
  let out = '';
  server.proc.stdout.on('data', (d) => (out += d));
  process.kill(pid, 'SIGUSR2');
  while (!out.includes('GC DONE')) await new Promise((r) => setTimeout(r, 100));
  execFileSync('callgrind_control', ['--zero', String(pid)], { stdio: 'ignore' });
  await run(requests);
  execFileSync('callgrind_control', ['--dump', String(pid)], { stdio: 'ignore' });
  agent.destroy();
  await server.stop();
  const dump = fs.readdirSync(dir).find((f) => f.startsWith(`${v}.${pid}.`));
  if (!dump) throw new Error(`${v}: no callgrind dump\n${server.stderr().slice(-2000)}`);
  const { self, callers } = readCallgrind(path.join(dir, dump), path.join(os.tmpdir(), `perf-${pid}.map`), 'Builtins_LoadIC');
  if (keep) {
    fs.mkdirSync(keep, { recursive: true });
    fs.copyFileSync(path.join(dir, dump), path.join(keep, `${v}.callgrind`));
    fs.copyFileSync(path.join(os.tmpdir(), `perf-${pid}.map`), path.join(keep, `${v}.perf.map`));
  }
  fs.rmSync(path.join(os.tmpdir(), `perf-${pid}.map`), { force: true });
  return { self, loadIcCallers: callers };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-app-instructions-'));
const sink = startServer(node, ['sink.mjs'], { env: baseEnv(), cwd: app });
const downstream = startServer(node, ['downstream.mjs'], { env: baseEnv(), cwd: app });
try {
  const [sinkPort, downstreamPort] = [await sink.ready, await downstream.ready];
  const results = await Promise.all(configs.map((c) => count(c, sinkPort, downstreamPort, dir)));
  const k = (n) => (n / requests / 1000).toFixed(1);
  console.log(`${appName} app, Node ${process.versions.node}: k instructions per request (${requests} requests after ${warmup} and a full GC)\n`);
  const tiers = results.map(({ self }) => {
    const t = new Map();
    for (const [name, n] of self) t.set(tierOf(name), (t.get(tierOf(name)) ?? 0) + n);
    return t;
  });
  const allTiers = [...new Set(tiers.flatMap((t) => [...t.keys()]))].sort();
  console.log(`| | ${variants.join(' | ')} |\n| --- |${variants.map(() => ' --- |').join('')}`);
  const total = (self) => [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`| **total** | ${results.map(({ self }) => `**${k(total(self))}**`).join(' | ')} |`);
  console.log(`| **without the garbage collector** | ${results.map(({ self }, i) => `**${k(total(self) - (tiers[i].get('native: garbage collector') ?? 0))}**`).join(' | ')} |`);
  for (const tier of allTiers) console.log(`| ${tier} | ${tiers.map((t) => k(t.get(tier) ?? 0)).join(' | ')} |`);
  for (const [i, v] of variants.entries()) {
    const { self, loadIcCallers } = results[i];
    console.log(`\n${v}: the ${top} functions with the most instructions of their own`);
    for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${k(n).padStart(8)}  ${short(name)}`);
    console.log(`\n${v}: what calls the generic property load (Builtins_LoadIC) the most`);
    for (const [name, n] of [...loadIcCallers].sort((a, b) => b[1] - a[1]).slice(0, Math.min(top, 12))) console.log(`${k(n).padStart(8)}  ${short(name)}`);
  }
} finally {
  await sink.stop();
  await downstream.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
