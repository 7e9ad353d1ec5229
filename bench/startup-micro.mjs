// Startup micro-benchmark for the preload itself, small enough for a shared machine:
// `node -e 0` and an ESM app that imports express, each under plain node, the agent
// evaluating dist/register.cjs directly (no code cache: what the entry did before
// register-loader) and the agent's entry (register.cjs / register.mjs, code cache warm).
// Runs alternate (A B C A B C ...); reported: medians of wall time and of the child's
// CPU time (user + system, from process.resourceUsage() at exit), and the median of
// per-round ratios against plain node.
//
//   node bench/startup-micro.mjs --app-dir .work/app [--rounds 30] [--node path ...] [--baseline <agent dir>]
// The agent is the one installed in --app-dir (node_modules/@botanu/agent).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'app-dir': { type: 'string' },
    rounds: { type: 'string', default: '30' },
    node: { type: 'string', multiple: true, default: [process.execPath] },
    only: { type: 'string', default: 'eval,express' },
    // Another install of the agent (e.g. a build of the previous commit) for the no-cache variant.
    baseline: { type: 'string' },
  },
});
const appDir = path.resolve(values['app-dir'] ?? '.work/app');
const agent = path.join(appDir, 'node_modules', '@botanu', 'agent');
const baseline = values.baseline ? path.resolve(values.baseline) : agent;
const rounds = Number(values.rounds);
const cpuAtExit = path.join(appDir, '.startup-micro-cpu.cjs');
fs.writeFileSync(cpuAtExit, "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeSync(2, `\\nCPU_US ${u.userCPUTime + u.systemCPUTime}\\n`); });\n");
const expressApp = path.join(appDir, '.startup-micro-express.mjs');
fs.writeFileSync(expressApp, "import express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.end('ok'));\n");

const env = { PATH: process.env.PATH, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'startup-micro' };
const apps = {
  eval: { args: ['-e', '0'], cjs: true },
  express: { args: [expressApp], cjs: false },
};
const variants = (app) => ({
  plain: [],
  [values.baseline ? 'baseline agent, no cache' : 'agent, no cache']: [app.cjs ? '--require' : '--import', path.join(baseline, 'dist', 'register.cjs')],
  'agent (entry)': [app.cjs ? '--require' : '--import', path.join(agent, app.cjs ? 'register.cjs' : 'register.mjs')],
});

function once(node, flags, app) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(node, ['--require', cpuAtExit, ...flags, ...app.args], { cwd: appDir, env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = Number(/CPU_US (\d+)/.exec(r.stderr)?.[1]) / 1000;
  if (r.status !== 0 || !Number.isFinite(cpu)) throw new Error(`${node} ${flags.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return { wall, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (const node of values.node) {
  const version = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim();
  for (const name of values.only.split(',')) {
    const app = apps[name];
    const vs = variants(app);
    for (const flags of Object.values(vs)) once(node, flags, app); // warm-up; writes the code cache
    const res = Object.fromEntries(Object.keys(vs).map((k) => [k, []]));
    for (let i = 0; i < rounds; i++) for (const [k, flags] of Object.entries(vs)) res[k].push(once(node, flags, app));
    console.log(`\n${version} ${name} (${rounds} alternating rounds; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
    console.log('| variant | wall ms | CPU ms | wall × plain | CPU × plain |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [k, rs] of Object.entries(res)) {
      const ratio = (f) => median(rs.map((r, i) => f(r) / f(res.plain[i]))).toFixed(2);
      console.log(`| ${k} | ${median(rs.map((r) => r.wall)).toFixed(0)} | ${median(rs.map((r) => r.cpu)).toFixed(0)} | ${ratio((r) => r.wall)} | ${ratio((r) => r.cpu)} |`);
    }
  }
}
fs.rmSync(cpuAtExit, { force: true });
fs.rmSync(expressApp, { force: true });
