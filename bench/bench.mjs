// `npm run bench` (via bench/run.sh, after prepare.mjs): startup, HTTP and span
// pipeline benchmarks under plain node, @botanu/agent, the OpenTelemetry
// auto-instrumentations-node register and dd-trace, runs alternating so drift
// on a shared machine cancels. Prints the table and writes bench/results.md.
// Usage: node bench.mjs <work dir from prepare.mjs>   (env: see bench/README.md)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpSuite } from './lib/http-suite.mjs';
import { startServer } from './lib/proc.mjs';
import { renderResults } from './lib/report.mjs';
import { spanSuite } from './lib/span-suite.mjs';
import { startupSuite } from './lib/startup-suite.mjs';
import { BASELINE, VARIANTS } from './lib/variants.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const work = path.resolve(process.argv[2]);
const app = path.join(work, 'app'); // the install, the sink and stub services, autocannon
const variantDir = (v) => path.join(work, 'variants', v); // where each variant's apps run
const int = (name, def) => (process.env[name] ? Number(process.env[name]) : def);
const opts = {
  startupRounds: int('BENCH_STARTUP_ROUNDS', 10),
  httpRounds: int('BENCH_HTTP_ROUNDS', 3),
  httpSeconds: int('BENCH_HTTP_SECONDS', 8),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 2),
  connections: int('BENCH_CONNECTIONS', 16),
  spanRounds: int('BENCH_SPAN_ROUNDS', 3),
  spanRate: int('BENCH_SPAN_RATE', 20000),
  spanSeconds: int('BENCH_SPAN_SECONDS', 5),
  redisPort: int('BENCH_REDIS_PORT', 6379),
};
const only = (process.env.BENCH_ONLY ?? 'startup,http,spans').split(',');
// Development subsets; a full run (what results.md holds) uses every variant and app.
const variants = process.env.BENCH_VARIANTS ? process.env.BENCH_VARIANTS.split(',') : [...VARIANTS, ...(process.env.BENCH_BASELINE ? [BASELINE] : [])];
// Every ratio is against plain node: a subset without it gets it added, said once.
if (!variants.includes('plain')) {
  variants.unshift('plain');
  process.stderr.write('bench: BENCH_VARIANTS has no plain; added (every ratio is against plain node)\n');
}
const apps = (process.env.BENCH_APPS ?? 'express,fastify').split(',');
const node24 = process.execPath;
const nodeAt = (name) => (process.env[name] && fs.existsSync(process.env[name]) ? process.env[name] : undefined);
const node22 = nodeAt('BENCH_NODE22');
const node26 = nodeAt('BENCH_NODE26');
// Startup is measured for both apps on every pinned Node (22, 24, 26).
const STARTUP_SCRIPTS = (process.env.BENCH_STARTUP_SCRIPTS ?? 'startup.mjs,startup-cjs.cjs,startup-express.mjs').split(',');
const t0 = Date.now();
const log = (m) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

function versionOf(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(app, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

const sink = startServer(node24, ['sink.mjs'], { env: process.env, cwd: app });
const downstream = startServer(node24, ['downstream.mjs'], { env: process.env, cwd: app });
const results = { opts, startedAt: new Date().toISOString() };
try {
  const sinkPort = await sink.ready;
  const downstreamUrl = `http://127.0.0.1:${await downstream.ready}/`;
  results.machine = {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    memGb: os.totalmem() / 2 ** 30,
    loadAvg: os.loadavg(),
    kernel: os.release(),
  };
  results.versions = {
    node24: process.versions.node,
    node22: node22 ? execFileSync(node22, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim() : undefined,
    node26: node26 ? execFileSync(node26, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim() : undefined,
    botanu: versionOf('@botanu/agent'),
    upstream: versionOf('@opentelemetry/auto-instrumentations-node'),
    sdkNode: versionOf('@opentelemetry/sdk-node'),
    ddTrace: versionOf('dd-trace'),
    autocannon: versionOf('autocannon'),
    express: versionOf('express'),
    fastify: versionOf('fastify'),
    ioredis: versionOf('ioredis'),
  };
  if (only.includes('startup')) {
    results.startup = [];
    for (const [node, version] of [[node22, results.versions.node22], [node24, results.versions.node24], [node26, results.versions.node26]]) {
      if (!node) continue;
      for (const script of STARTUP_SCRIPTS) {
        log(`startup ${script}, Node ${version}, ${opts.startupRounds} rounds`);
        results.startup.push({ node: version, script, result: await startupSuite({ node, script, variantDir, sinkPort, rounds: opts.startupRounds, variants, log }) });
      }
    }
  }
  if (only.includes('http')) {
    const common = { node: node24, app, variantDir, sinkPort, downstreamUrl, redisPort: opts.redisPort, rounds: opts.httpRounds, seconds: opts.httpSeconds, warmupSeconds: opts.warmupSeconds, connections: opts.connections, variants, log };
    for (const a of apps) results[a] = await httpSuite({ ...common, script: `${a}-app.mjs` });
  }
  if (only.includes('spans')) {
    results.spans = await spanSuite({ node: node24, variantDir, sinkPort, rounds: opts.spanRounds, rate: opts.spanRate, seconds: opts.spanSeconds, variants: variants.filter((v) => v !== 'dd-trace'), log });
  }
  results.seconds = (Date.now() - t0) / 1000;
  const md = renderResults(results);
  process.stdout.write(`\n${md}\n`);
  if (only.length === 3 && VARIANTS.every((v) => variants.includes(v)) && apps.length === 2 && !process.env.BENCH_NO_WRITE) {
    fs.writeFileSync(path.join(BENCH, 'results.md'), md);
    fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2));
    log('wrote bench/results.md');
  }
} finally {
  await Promise.all([sink.stop(), downstream.stop()]);
}
