// Where a request's CPU goes, from on-CPU samples: the HTTP bench app (express or
// fastify: one fetch + one Redis call per request) at a fixed request rate, sampled
// by Linux perf's cpu-clock event (a timer that fires only while a thread of the
// server runs: no hardware counters needed, and, unlike V8's CPU profiler, time a
// thread spends preempted or blocked is never charged to the function it was in).
// Every sample is charged, through its call stack, to the nearest JavaScript
// function: the agent's (by bundle module: lib/agent-modules.mjs) or Node's, the
// app's and its libraries', each with the V8 builtins, runtime, native code and
// system calls it called; apart, the garbage collector on the main thread, what
// runs outside JavaScript (the event loop, interrupts), and V8's helper threads
// (parallel scavenges, concurrent marking, background compilation). Variants
// alternate round by round; medians of the rounds, in CPU µs per request.
//
//   node bench/oncpu.mjs <work dir from prepare.mjs> [--app fastify] [--rate 2000] [--seconds 8] [--rounds 3] [--top 0] plain botanu
//
// --top N also lists the N JavaScript functions (charged as above; a symbol where
// no JavaScript is on the stack) whose share grew most over the first variant
// (named from V8's --perf-basic-prof map; tier marks dropped). Every
// variant runs with --perf-basic-prof (it only writes a line per compiled
// function). Needs perf (Debian's linux-perf) with the cpu-clock event.
//
// --faults counts page faults instead of sampling time (perf's page-faults event,
// every one recorded), charged the same way: who touches memory the process had
// not touched or had given back (on a VM each is an exit to the hypervisor).
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { bundleModules, groupOf } from './lib/agent-modules.mjs';
import { startServer } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';
import { takeFlag, takeOption } from './lib/args.mjs';
import { baseEnv, variant } from './lib/variants.mjs';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const opt = (name, dflt) => takeOption(argv, name, dflt);
const appName = opt('app', 'fastify');
const rate = Number(opt('rate', 2000));
const seconds = Number(opt('seconds', 8));
const rounds = Number(opt('rounds', 3));
const top = Number(opt('top', 0));
const faults = takeFlag(argv, 'faults');
// What a sample's period counts, and the unit shown: CPU ns (cpu-clock, ~4000 samples a second) or page faults (each one).
const EVENT = faults ? ['-e', 'page-faults', '-c', '1'] : ['-e', 'cpu-clock', '-F', '4000'];
const UNIT = faults ? { perSample: 1, name: 'page faults', digits: 2 } : { perSample: 1000, name: 'µs', digits: 1 };
const WARMUP_SECONDS = 3; // the JIT's tiers, the pools
const work = path.resolve(argv.shift());
const variants = argv.length > 0 ? argv : ['plain', 'botanu'];
try {
  execFileSync('perf', ['stat', '-e', 'cpu-clock', 'true'], { stdio: 'ignore' });
} catch {
  throw new Error('oncpu: needs `perf` with the cpu-clock event (Debian: apt-get install linux-perf)');
}

const node = process.execPath;
const app = path.join(work, 'app');
const cannon = path.join(app, 'node_modules', 'autocannon', 'autocannon.js');
const moduleAt = bundleModules(path.join(app, 'node_modules', '@botanu', 'agent', 'dist', 'register.cjs'));
const AGENT = /@botanu\/agent\/dist\/register\.cjs:(\d+):\d+/;
// V8's collectors (the main thread's share of them; the helper threads' is their own row).
const GC = /Scaveng|MarkCompact|Marking|Sweep|heap::|Heap::|Evacuat|RememberedSet|SlotSet|MinorMS|SizeFromMap|GCTracer|ConcurrentMarking|MemoryAllocator|MemoryChunk|PagedSpace|SemiSpace|NewSpace/;

const JIT_FRAME = (sym, dso) => sym.startsWith('JS:') || sym.startsWith('RegExp') || dso.includes('perf-');

/**
 * Who a sample is charged to: its thread, then (main thread) the collector when
 * the sample is in it, else the nearest JavaScript function on the stack, with
 * the builtins, runtime, native code and system calls it called (the agent's by
 * bundle module), else what runs outside JavaScript (the event loop, interrupts).
 */
function owner(comm, frames) {
  if (comm !== 'MainThread' && comm !== 'node') return /^V8/.test(comm) ? "V8's helper threads (GC, compilers)" : `other threads (${comm})`;
  // From the leaf up: a collector frame before any JavaScript (a copy inside a scavenge is the collector's, not its caller's).
  for (const [sym, dso] of frames) {
    if (GC.test(sym)) return 'garbage collector (main thread)';
    if (!JIT_FRAME(sym, dso)) continue;
    const m = AGENT.exec(sym);
    return m ? `agent: ${groupOf(moduleAt(Number(m[1]) - 1))}` : 'JS of Node, the app and its libraries';
  }
  return frames[0]?.[1] === '[kernel.kallsyms]' ? 'kernel, outside JS (event loop, interrupts)' : 'native, outside JS (event loop, libuv, V8)';
}

/** CPU µs (or page faults) per request by owner, and by JavaScript function (for --top), from one perf recording. */
async function split(dataFile, requests) {
  const { stdout } = await run('perf', ['script', '-i', dataFile, '-F', 'comm,period,ip,sym,dso'], { maxBuffer: 1 << 30 });
  const byOwner = new Map();
  const bySym = new Map();
  const add = (sample) => {
    if (!sample || sample.frames.length === 0) return;
    const us = sample.period / UNIT.perSample / requests;
    const o = owner(sample.comm, sample.frames);
    byOwner.set(o, (byOwner.get(o) ?? 0) + us);
    const js = sample.frames.find(([sym, dso]) => JIT_FRAME(sym, dso)) ?? sample.frames[0];
    const sym = js[0].replace(/^JS:[~^+*]'?/, 'JS:').replace(/:\d+:\d+$/, '').replace(/ \S*node_modules\//, ' ');
    bySym.set(sym, (bySym.get(sym) ?? 0) + us);
  };
  let sample;
  // A sample: "  MainThread   250000" then one "\t<ip> <sym> (<dso>)" line per frame, leaf first.
  for (const line of stdout.split('\n')) {
    const head = /^\s*(\S+)\s+(\d+)\s*$/.exec(line);
    if (head) {
      add(sample);
      sample = { comm: head[1], period: Number(head[2]), frames: [] };
      continue;
    }
    const frame = /^\s+[0-9a-f]+\s+(.*?)\s*\(([^()]*)\)\s*$/.exec(line);
    if (frame && sample) sample.frames.push([frame[1], frame[2]]);
  }
  add(sample);
  return { byOwner, bySym };
}

/** A recording's whole CPU per request. */
const totalOf = (s) => [...s.byOwner.values()].reduce((a, b) => a + b, 0);

async function measure(v, sinkPort, downstreamPort, dir) {
  const { flags, env } = variant(v, sinkPort);
  const server = startServer(node, ['--perf-basic-prof', ...flags, `${appName}-app.mjs`], {
    env: { ...baseEnv(), ...env, DOWNSTREAM_URL: `http://127.0.0.1:${downstreamPort}/`, REDIS_PORT: '6379' },
    cwd: path.join(work, 'variants', v),
  });
  try {
    const url = `http://127.0.0.1:${await server.ready}/work/1`;
    const load = (s) => run(node, [cannon, '-c', '16', '-d', String(s), '-R', String(rate), '-j', url], { env: baseEnv(), maxBuffer: 1 << 24 });
    await load(WARMUP_SECONDS);
    const data = path.join(dir, `${v}.data`);
    const perf = run('perf', ['record', ...EVENT, '-g', '-p', String(server.proc.pid), '-o', data, '--', 'sleep', String(seconds)]);
    const result = JSON.parse((await load(seconds)).stdout);
    await perf;
    // Symbols are resolved now, while the process's perf map is still there.
    return await split(data, result.requests.total);
  } finally {
    await server.stop();
    fs.rmSync(path.join(os.tmpdir(), `perf-${server.proc.pid}.map`), { force: true });
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-oncpu-'));
const sink = startServer(node, ['sink.mjs'], { env: baseEnv(), cwd: app });
const downstream = startServer(node, ['downstream.mjs'], { env: baseEnv(), cwd: app });
const samples = new Map(variants.map((v) => [v, []]));
try {
  const [sinkPort, downstreamPort] = [await sink.ready, await downstream.ready];
  for (let r = 1; r <= rounds; r++) {
    for (const v of variants) {
      const s = await measure(v, sinkPort, downstreamPort, dir);
      samples.get(v).push(s);
      process.stderr.write(`round ${r}/${rounds} ${v}: ${totalOf(s).toFixed(UNIT.digits)} ${UNIT.name}/request${faults ? '' : ' on CPU'}\n`);
    }
  }
} finally {
  await sink.stop();
  await downstream.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

const med = (v, get) => median(samples.get(v).map(get));
const owners = [...new Set(variants.flatMap((v) => samples.get(v).flatMap((s) => [...s.byOwner.keys()])))];
const last = variants[variants.length - 1];
owners.sort((a, b) => med(last, (s) => s.byOwner.get(b) ?? 0) - med(last, (s) => s.byOwner.get(a) ?? 0));
console.log(`${appName}, ${rate} req/s, ${seconds} s after a ${WARMUP_SECONDS} s warm-up, ${rounds} alternating rounds: ${faults ? 'page faults per request (perf page-faults, every one' : 'on-CPU µs per request (perf cpu-clock samples'}, medians)\n`);
console.log(`| | ${variants.join(' | ')} |\n| --- |${variants.map(() => ' --- |').join('')}`);
for (const o of owners) console.log(`| ${o} | ${variants.map((v) => med(v, (s) => s.byOwner.get(o) ?? 0).toFixed(UNIT.digits)).join(' | ')} |`);
console.log(`| **total** | ${variants.map((v) => `**${med(v, totalOf).toFixed(UNIT.digits)}**`).join(' | ')} |`);
if (top > 0 && variants.length > 1) {
  const [a, b] = [variants[0], last];
  const syms = new Set([...samples.get(a), ...samples.get(b)].flatMap((s) => [...s.bySym.keys()]));
  const rows = [...syms].map((k) => [k, med(a, (s) => s.bySym.get(k) ?? 0), med(b, (s) => s.bySym.get(k) ?? 0)]);
  console.log(`\nthe ${top} functions that grew most, ${a} → ${b} (${UNIT.name} per request, with what they called):`);
  for (const [k, x, y] of rows.sort((p, q) => q[2] - q[1] - (p[2] - p[1])).slice(0, top)) console.log(`${x.toFixed(2).padStart(7)} ${y.toFixed(2).padStart(7)}  ${k.slice(0, 120)}`);
}
