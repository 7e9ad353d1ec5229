// Soak: the express+fetch fixture under steady load for a configurable time,
// with the collector cycling down and up, next to a no-agent baseline in the
// same run (requests alternate between the two apps). Prints requests served,
// p50/p99 vs baseline (also split by collector phase, so the cost of the
// collector being down is seen apart from the cost of instrumentation), both
// apps' event-loop delay, GC pauses and CPU per request (bench/lib/loop-stats.cjs),
// RSS over time, and the span accounting:
// exported + reported-dropped + failed + unsent must equal produced.
//
//   node bench/soak.mjs [--seconds 60] [--rate 100] [--cycle 10]
// (rate = requests/s to EACH app; the collector is down for the second half of every cycle)
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 60);
const RATE = arg('rate', 100);
const CYCLE = arg('cycle', 10);
const WARMUP = arg('warmup', 10); // seconds of load before anything is measured (JIT, heap growth)

// The packed agent and the fixture libraries, installed as a user would (same as the tests).
execFileSync(process.execPath, [path.join(ROOT, 'test', 'prepare-app.mjs')], { stdio: 'inherit' });
const WORK = process.env.BOTANU_TEST_WORK ? path.resolve(process.env.BOTANU_TEST_WORK) : path.join(ROOT, '.work');
const APP_DIR = path.join(WORK, 'app');

// --- the collector that cycles: its own process, so decoding never stalls the load generator ---
// It uses the receiver's decoder (agent/cli/receiver/otlp-decode.ts, compiled on the fly: one implementation).
const decoderJs = buildSync({ entryPoints: [path.join(ROOT, 'agent/cli/receiver/otlp-decode.ts')], bundle: true, format: 'cjs', platform: 'node', write: false }).outputFiles[0].text;
const SINK_SRC = `
const http = require('node:http');
const m = { exports: {} }; new Function('module', 'exports', 'require', process.env.DECODER)(m, m.exports, require);
const { decodeTraceRequestProto } = m.exports;
const received = new Set(); const sockets = new Set(); let server; let port = 0;
function up() { return new Promise((resolve) => {
  server = http.createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => {
    for (const s of decodeTraceRequestProto(Buffer.concat(c))) received.add(s.spanId);
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }); res.end(); }); });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.listen(port, '127.0.0.1', () => { port = server.address().port; resolve(); }); }); }
function down() { return new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }); }
process.on('message', async (cmd) => {
  if (cmd === 'up') await up(); else if (cmd === 'down') await down();
  process.send({ cmd, port, received: received.size });
});`;
const sinkProc = spawn(process.execPath, ['-e', SINK_SRC], { env: { PATH: process.env.PATH, DECODER: decoderJs }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
function sinkCommand(cmd) {
  return new Promise((resolve) => {
    sinkProc.once('message', resolve);
    sinkProc.send(cmd);
  });
}
const SINK_PORT = (await sinkCommand('up')).port;

// --- the two apps ---
function startApp(withAgent) {
  const statsFile = path.join(WORK, `soak-${withAgent ? 'agent' : 'base'}-loop.json`);
  fs.rmSync(statsFile, { force: true });
  const env = {
    ...process.env,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${SINK_PORT}`,
    OTEL_SERVICE_NAME: 'soak',
    BOTANU_LOG_LEVEL: 'debug',
    LOOP_STATS_FILE: statsFile,
    LOOP_STATS_AFTER_MS: String(WARMUP * 1000),
  };
  delete env.NODE_OPTIONS;
  const args = ['--require', path.join(ROOT, 'bench/lib/loop-stats.cjs'), ...(withAgent ? ['--import', '@botanu/agent/register'] : []), 'http/express-app.mjs'];
  const proc = spawn(process.execPath, args, { cwd: APP_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c) => (out += c));
  proc.stderr.on('data', (c) => (err += c));
  const port = new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = out.match(/READY (\d+)/);
      if (m) clearInterval(t), resolve(Number(m[1]));
    }, 20);
    proc.on('exit', () => reject(new Error(`app exited: ${err}`)));
  });
  const loopStats = () => {
    try {
      return JSON.parse(fs.readFileSync(statsFile, 'utf8'));
    } catch {
      return {};
    }
  };
  return { proc, port, stderr: () => err, rss: [], loopStats };
}
const base = startApp(false);
const agent = startApp(true);
const ports = { base: await base.port, agent: await agent.port };

function rssMb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// --- load ---
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });
// Latencies by the collector's phase when the request was sent.
const lat = { base: { up: [], down: [] }, agent: { up: [], down: [] } };
const errors = { base: 0, agent: 0 };
const errorKinds = { base: {}, agent: {} };
const countError = (which, kind) => {
  errors[which]++;
  errorKinds[which][kind] = (errorKinds[which][kind] ?? 0) + 1;
};
function hit(which) {
  const t = performance.now();
  const phase = down ? 'down' : 'up';
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port: ports[which], path: '/hello/1', agent: keepAlive }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) {
            if (measuring) lat[which][phase].push(performance.now() - t);
          }
          else countError(which, `HTTP ${res.statusCode}`);
          resolve();
        });
      })
      .on('error', (e) => (countError(which, e.code ?? e.message), resolve()));
  });
}

console.log(`soak: ${WARMUP}s warm-up, then ${SECONDS}s at ${RATE} req/s per app, collector down for ${CYCLE / 2}s of every ${CYCLE}s`);
let measuring = false;
const started = Date.now() + WARMUP * 1000;
const inflight = new Set();
const interval = 1000 / RATE;
let next = performance.now();
let down = false;
const sampler = setInterval(() => {
  measuring = Date.now() >= started;
  if (!measuring) return;
  base.rss.push(rssMb(base.proc.pid));
  agent.rss.push(rssMb(agent.proc.pid));
  const phaseDown = Math.floor((Date.now() - started) / 1000 / (CYCLE / 2)) % 2 === 1;
  if (phaseDown !== down) {
    down = phaseDown;
    void sinkCommand(down ? 'down' : 'up');
  }
}, 1000);
while (Date.now() - started < SECONDS * 1000) {
  for (const which of ['base', 'agent']) {
    const p = hit(which).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  next += interval;
  const wait = next - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
await Promise.all(inflight);
clearInterval(sampler);
const loop = { base: base.loopStats(), agent: agent.loopStats() };
if (down) await sinkCommand('up');

// Let the agent drain, then stop it the way an orchestrator does.
await new Promise((r) => setTimeout(r, 6000));
for (const a of [base, agent]) a.proc.kill('SIGTERM');
await Promise.all([base, agent].map((a) => new Promise((r) => (a.proc.exitCode !== null || a.proc.signalCode !== null ? r() : a.proc.on('exit', r)))));
await new Promise((r) => setTimeout(r, 300));
const receivedCount = (await sinkCommand('down')).received;
sinkProc.kill();
keepAlive.destroy();

// --- report ---
const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
const fmt = (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const all = (which) => [...lat[which].up, ...lat[which].down];
const row = (label, b, a, ratio = true) => console.log(`| ${label} | ${fmt(b)} | ${fmt(a)} | ${ratio ? fmt(a / b) : ''} |`);
const quarter = (xs, which) => {
  const n = Math.max(1, Math.floor(xs.length / 4));
  const part = which === 'first' ? xs.slice(0, n) : xs.slice(-n);
  return part.reduce((a, b) => a + b, 0) / part.length;
};
const totals = agent.stderr().match(/produced (\d+), exported (\d+), dropped (\d+), failed (\d+), unsent (\d+)/);
const dropReports = [...agent.stderr().matchAll(/dropped (\d+) new span\(s\) since the last report/g)].reduce((a, m) => a + Number(m[1]), 0);
const [produced, exported, dropped, failed, unsent] = totals ? totals.slice(1).map(Number) : [NaN, NaN, NaN, NaN, NaN];

console.log('\n| | baseline (no agent) | agent | ratio |');
console.log('|---|---|---|---|');
console.log(`| requests served | ${all('base').length} | ${all('agent').length} | |`);
console.log(`| errors | ${errors.base} ${JSON.stringify(errorKinds.base)} | ${errors.agent} ${JSON.stringify(errorKinds.agent)} | |`);
row('p50 ms', q(all('base'), 0.5), q(all('agent'), 0.5));
row('p99 ms', q(all('base'), 0.99), q(all('agent'), 0.99));
row('p99 ms, collector up', q(lat.base.up, 0.99), q(lat.agent.up, 0.99));
row('p99 ms, collector down', q(lat.base.down, 0.99), q(lat.agent.down, 0.99));
row('event-loop delay p99 ms', loop.base.loopDelayP99Ms, loop.agent.loopDelayP99Ms);
row('event-loop delay max ms', loop.base.loopDelayMaxMs, loop.agent.loopDelayMaxMs);
console.log(`| GC pauses: count / total ms / max ms | ${loop.base.gcCount} / ${loop.base.gcTotalMs} / ${loop.base.gcMaxMs} | ${loop.agent.gcCount} / ${loop.agent.gcTotalMs} / ${loop.agent.gcMaxMs} | |`);
row('CPU ms per request', loop.base.cpuMs / all('base').length, loop.agent.cpuMs / all('agent').length);
row('max RSS MB', Math.max(...base.rss), Math.max(...agent.rss), false);
console.log(`| RSS MB first → last quarter | ${fmt(quarter(base.rss, 'first'))} → ${fmt(quarter(base.rss, 'last'))} | ${fmt(quarter(agent.rss, 'first'))} → ${fmt(quarter(agent.rss, 'last'))} | |`);
const extra = agent.rss.map((r, i) => r - base.rss[i]);
console.log(`| agent's own RSS (agent − baseline) MB, first → last quarter | | ${fmt(quarter(extra, 'first'))} → ${fmt(quarter(extra, 'last'))} | |`);
console.log(`\nspans: produced ${produced}, exported ${exported} (collector received ${receivedCount} distinct), dropped ${dropped} (reported in warnings: ${dropReports}), failed ${failed}, unsent ${unsent}`);
const balanced = exported + dropped + failed + unsent === produced;
console.log(`accounting: exported + dropped + failed + unsent ${balanced ? '=' : '≠'} produced${receivedCount >= exported ? '' : ' — the collector received fewer than exported!'}`);
process.exitCode = balanced && receivedCount >= exported ? 0 : 1;
