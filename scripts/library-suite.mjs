// Runs a library's own test suite plain and with the agent preloaded, and diffs
// the results test by test: the agent is transparent only if every test ends
// the same way (issue 21). Procedure and what to do with a difference:
// docs/library-suites.md.
//
// Usage:
//   node scripts/library-suite.mjs --dir <library checkout, deps installed> --agent <installed @botanu/agent dir>
//        [--preset express|koa|fastify|mocha|node-test|borp] [--variants plain,none,refused] [--confirm]
//        [--out <dir>] [--baseline <plain .tap of an earlier run>] [-- <test command printing TAP>]
// Variants: plain (no agent); none (agent, OTEL_TRACES_EXPORTER=none); refused
// (agent exporting OTLP to a port that refuses connections); traced (as none, the
// whole process inside one recording span: scripts/suite-in-trace.cjs). --confirm reruns
// plain and the differing variant once more and reports only the tests that
// differ both times (the rest are listed as flaky). Exit code 1 on a difference.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

// Test commands that print TAP, per runner (the library's own runner and files).
const PRESETS = {
  express: ['npx', 'mocha', '--require', 'test/support/env', '--reporter', 'tap', '--check-leaks', 'test/', 'test/acceptance/'],
  koa: ['node', '--test', '--test-reporter=tap'],
  fastify: ['npx', 'borp', '--reporter', 'tap'],
  mocha: ['npx', 'mocha', '--reporter', 'tap'],
  'node-test': ['node', '--test', '--test-reporter=tap'],
  borp: ['npx', 'borp', '--reporter', 'tap'],
};

function parseArgs(argv) {
  const o = { variants: ['plain', 'none', 'refused'], confirm: false, cmd: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      o.cmd = argv.slice(i + 1);
      break;
    } else if (a === '--confirm') o.confirm = true;
    else if (a === '--variants') o.variants = argv[++i].split(',');
    else if (['--dir', '--agent', '--preset', '--out', '--baseline'].includes(a)) o[a.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.dir || (!o.agent && o.variants.some((v) => v !== 'plain'))) throw new Error('--dir and --agent are required');
  if (o.cmd.length === 0) o.cmd = PRESETS[o.preset ?? path.basename(o.dir)] ?? [];
  if (o.cmd.length === 0) throw new Error('no test command: give --preset or -- <command>');
  o.out ??= path.join(o.dir, '.library-suite');
  return o;
}

/**
 * TAP (mocha's flat TAP, node:test's nested TAP) → Map of test path → 'pass' | 'fail' | 'skip' | 'todo'.
 * Nested names are joined with ' > '; a name seen twice gets ' #2', ' #3'.
 */
export function parseTap(text) {
  const results = new Map();
  const stack = [];
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const level = Math.floor(indent / 4);
    const t = line.trim();
    const sub = /^# Subtest: (.*)$/.exec(t);
    if (sub) {
      stack.length = level;
      stack[level] = sub[1].trim();
      continue;
    }
    const m = /^(not ok|ok) \d+(?: -)? ?(.*?)(?:\s+# (SKIP|TODO)\b.*)?$/i.exec(t);
    if (!m) continue;
    const parents = stack.slice(0, level).filter((x) => x !== undefined);
    let key = [...parents, m[2].trim()].join(' > ');
    if (results.has(key)) {
      let n = 2;
      while (results.has(`${key} #${n}`)) n++;
      key = `${key} #${n}`;
    }
    const directive = m[3]?.toUpperCase();
    results.set(key, directive === 'SKIP' ? 'skip' : directive === 'TODO' ? 'todo' : m[1] === 'ok' ? 'pass' : 'fail');
    stack.length = level;
  }
  return results;
}

/** A localhost port nothing listens on: connections to it are refused at once. */
async function refusingPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

function envFor(variant, agent, port) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(env)) if (k.startsWith('OTEL_') || k.startsWith('BOTANU_')) delete env[k];
  if (variant === 'plain') return env;
  env.NODE_OPTIONS = `--require ${path.join(path.resolve(agent), 'register.cjs')}`;
  if (variant === 'none') env.OTEL_TRACES_EXPORTER = 'none';
  else if (variant === 'traced') {
    env.OTEL_TRACES_EXPORTER = 'none';
    env.NODE_OPTIONS += ` --require ${path.join(path.dirname(new URL(import.meta.url).pathname), 'suite-in-trace.cjs')}`;
  }
  else if (variant === 'refused') env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
  else throw new Error(`unknown variant ${variant}`);
  return env;
}

async function run(o, variant, port, attempt) {
  const file = path.join(o.out, `${variant}${attempt > 1 ? `.${attempt}` : ''}`);
  const started = Date.now();
  const child = spawn(o.cmd[0], o.cmd.slice(1), { cwd: o.dir, env: envFor(variant, o.agent, port), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = fs.createWriteStream(`${file}.tap`);
  const err = fs.createWriteStream(`${file}.stderr`);
  child.stdout.pipe(out);
  child.stderr.pipe(err);
  const code = await new Promise((r) => child.on('close', r));
  await new Promise((r) => out.end(r));
  const results = parseTap(fs.readFileSync(`${file}.tap`, 'utf8'));
  const count = (s) => [...results.values()].filter((v) => v === s).length;
  console.log(`${variant}${attempt > 1 ? ` (again)` : ''}: ${results.size} tests, ${count('pass')} pass, ${count('fail')} fail, ${count('skip') + count('todo')} skip/todo, exit ${code}, ${((Date.now() - started) / 1000).toFixed(0)} s  (${file}.tap)`);
  return results;
}

function diff(base, other) {
  const out = [];
  for (const k of new Set([...base.keys(), ...other.keys()])) if (base.get(k) !== other.get(k)) out.push({ test: k, plain: base.get(k) ?? 'absent', agent: other.get(k) ?? 'absent' });
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(o.out, { recursive: true });
  const port = await refusingPort();
  console.log(`suite: ${o.cmd.join(' ')}  in ${o.dir}`);
  const results = {};
  for (const v of o.variants) results[v] = await run(o, v, port, 1);
  const base = results.plain ?? (o.baseline ? parseTap(fs.readFileSync(o.baseline, 'utf8')) : undefined);
  if (!base) console.log('no plain run and no --baseline: nothing to compare with');
  let differing = 0;
  for (const v of o.variants.filter((x) => x !== 'plain')) {
    let d = base ? diff(base, results[v]) : [];
    let flaky = [];
    if (d.length > 0 && o.confirm) {
      const [base2, again] = [await run(o, 'plain', port, 2), await run(o, v, port, 2)];
      const d2 = new Set(diff(base2, again).map((x) => x.test));
      flaky = d.filter((x) => !d2.has(x.test));
      d = d.filter((x) => d2.has(x.test));
    }
    differing += d.length;
    console.log(`\n${v} vs plain: ${d.length === 0 ? 'identical' : `${d.length} differ`}${flaky.length ? ` (${flaky.length} flaky, not repeated)` : ''}`);
    for (const x of d) console.log(`  ${x.plain} → ${x.agent}: ${x.test}`);
    for (const x of flaky) console.log(`  flaky ${x.plain} → ${x.agent}: ${x.test}`);
  }
  process.exitCode = differing > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((e) => {
    console.error(e.message);
    process.exitCode = 2;
  });
}
