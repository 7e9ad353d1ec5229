// Where the agent's CPU goes per request, by instrumentation (bench/README.md
// "CPU per request by instrumentation"): the HTTP bench app (express or
// fastify: one fetch + one Redis call per request) under the packed agent, with
// V8's CPU profiler started after a warm-up (bench/lib/profile-on-signal.cjs:
// neither startup nor JIT warm-up is in it), at a fixed request rate (so both
// runs do the same work);
// each sample's self time is charged to the bundle module it ran in
// (dist/register.cjs keeps esbuild's `// path` module markers), grouped as below.
// Also plain node's profile, for the app and Node's own share.
//
//   node bench/profile.mjs <work dir from prepare.mjs> [--app express|fastify] [--seconds 10] [--rate 1500] [--heap]
//
// The profiler adds its own overhead (sampling every 250 µs): read the numbers as
// a split of the agent's cost, and take the absolute cost from `npm run bench`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleModules, groupOf } from './lib/agent-modules.mjs';
import { takeFlag, takeOption } from './lib/args.mjs';
import { startServer } from './lib/proc.mjs';
import { baseEnv, variant } from './lib/variants.mjs';

const argv = process.argv.slice(2);
const appName = takeOption(argv, 'app', 'express');
const seconds = Number(takeOption(argv, 'seconds', 10));
const rate = Number(takeOption(argv, 'rate', 1500));
// --heap: bytes allocated per request (sampling heap profiler, collected objects included) instead of CPU.
const heap = takeFlag(argv, 'heap');
const work = path.resolve(argv[0]);
const app = path.join(work, 'app');
const node = process.execPath;
const onSignal = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'profile-on-signal.cjs');

/** [callFrame, value] per profile node: CPU self time (µs) or, for a heap profile, bytes allocated. */
function frames(p) {
  if (p.head) {
    const out = [];
    const walk = (n) => {
      out.push([n.callFrame, n.selfSize]);
      for (const c of n.children) walk(c);
    };
    walk(p.head);
    return out;
  }
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  return [...self].map(([id, us]) => [byId.get(id).callFrame, us]);
}

function categorize(profileFile, moduleAt) {
  const out = {};
  for (const [{ url, functionName, lineNumber }, value] of frames(JSON.parse(fs.readFileSync(profileFile, 'utf8')))) {
    let key;
    if (url.includes('@botanu/agent/dist/')) {
      const mod = url.endsWith('register.cjs') ? moduleAt(lineNumber) : url.split('/dist/')[1];
      key = `agent: ${groupOf(mod)}`;
    } else if (functionName === '(idle)' || functionName === '(program)') continue;
    else if (functionName === '(garbage collector)') key = 'garbage collector';
    else if (url.includes('/node_modules/')) key = 'app libraries (express, fastify, ioredis...)';
    else if (url.startsWith('node:') || url === '') key = "Node's own (http, streams, undici, native)";
    else key = 'the app';
    out[key] = (out[key] ?? 0) + value;
  }
  return out;
}

async function profile(name) {
  const sink = startServer(node, ['sink.mjs'], { env: baseEnv(), cwd: app });
  const downstream = startServer(node, ['downstream.mjs'], { env: baseEnv(), cwd: app });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-profile-'));
  const out = path.join(dir, 'cpu.cpuprofile');
  try {
    const { flags, env } = variant(name, await sink.ready);
    const server = startServer(node, ['--require', onSignal, ...flags, `${appName}-app.mjs`], {
      env: { ...baseEnv(), ...env, BENCH_PROFILE_OUT: out, BENCH_PROFILE_HEAP: heap ? '1' : '0', DOWNSTREAM_URL: `http://127.0.0.1:${await downstream.ready}/`, REDIS_PORT: '6379' },
      cwd: path.join(work, 'variants', name),
    });
    const url = `http://127.0.0.1:${await server.ready}/work/1`;
    const cannon = path.join(app, 'node_modules', 'autocannon', 'autocannon.js');
    const load = (s) => JSON.parse(execFileSync(node, [cannon, '-c', '16', '-d', String(s), '-R', String(rate), '-j', url], { encoding: 'utf8', env: baseEnv() }));
    load(2);
    server.proc.kill('SIGUSR2');
    const m = load(seconds);
    await server.stop();
    // BENCH_PROFILE_KEEP=<dir>: keep the raw profiles (<dir>/<variant>.cpuprofile) for a closer look.
    if (process.env.BENCH_PROFILE_KEEP) {
      fs.mkdirSync(process.env.BENCH_PROFILE_KEEP, { recursive: true });
      fs.copyFileSync(out, path.join(process.env.BENCH_PROFILE_KEEP, `${name}.${heap ? 'heapprofile' : 'cpuprofile'}`));
    }
    const bundle = path.join(app, 'node_modules', '@botanu', 'agent', 'dist', 'register.cjs');
    return { requests: m.requests.total, split: categorize(out, bundleModules(bundle)) };
  } finally {
    await sink.stop();
    await downstream.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const plain = await profile('plain');
const agent = await profile('botanu');
const keys = [...new Set([...Object.keys(agent.split), ...Object.keys(plain.split)])].sort((a, b) => (agent.split[b] ?? 0) / agent.requests - (agent.split[a] ?? 0) / agent.requests);
const perReq = (r, k) => (r.split[k] ?? 0) / r.requests;
const unit = heap ? 'bytes allocated per request (sampled, collected objects included)' : 'CPU µs per request from the profile (self time)';
console.log(`${appName}, ${rate} req/s for ${seconds} s after a 2 s warm-up, ${unit}; plain ${plain.requests}, agent ${agent.requests} requests:\n`);
console.log('| | plain node | @botanu/agent |\n| --- | --- | --- |');
for (const k of keys) console.log(`| ${k} | ${plain.split[k] ? perReq(plain, k).toFixed(heap ? 0 : 1) : ''} | ${perReq(agent, k).toFixed(heap ? 0 : 1)} |`);
const total = (r) => Object.values(r.split).reduce((a, b) => a + b, 0) / r.requests;
console.log(`| **total** | ${total(plain).toFixed(heap ? 0 : 1)} | ${total(agent).toFixed(heap ? 0 : 1)} |`);
