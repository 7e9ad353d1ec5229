// Where a request's CPU goes, by switching parts of the agent off: the HTTP bench app
// (express or fastify: one fetch + one Redis call per request) at a fixed request rate,
// once per configuration and round, alternating (A B C A B C ...), each a fresh server;
// reported: the server's CPU time per request during the measured load (/proc), median
// of the rounds. A configuration is a variant (plain, botanu, botanu-baseline) plus
// environment, e.g. OTEL_NODE_ENABLED_INSTRUMENTATIONS=http or OTEL_TRACES_EXPORTER=none.
//
//   node bench/ablate.mjs <work dir from prepare.mjs> [--app express] [--rounds 3] [--seconds 6] [--rate 1500] \
//     plain botanu 'http only=botanu:OTEL_NODE_ENABLED_INSTRUMENTATIONS=http' 'no export=botanu:OTEL_TRACES_EXPORTER=none'
//
// A fixed rate makes every configuration do the same work (throughput runs would not).
// --gc: also what the young-generation collections promote to the old generation per
// request (V8's --trace-gc-nvp during the measured load): what a request leaves for the full GC.
// The CPU is also split by thread: the main (JS) thread, and V8's helper threads (parallel
// scavenges, concurrent marking and sweeping, background compilation), which on a
// two-core machine take the same cores as the main thread and the load generator.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { cpuByThreadMs, cpuSplitMs, startServer } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';
import { takeFlag, takeOption } from './lib/args.mjs';
import { baseEnv, parseConfiguration, variant } from './lib/variants.mjs';

const argv = process.argv.slice(2);
const appName = takeOption(argv, 'app', 'express');
const rounds = Number(takeOption(argv, 'rounds', 3));
const seconds = Number(takeOption(argv, 'seconds', 6));
const rate = takeOption(argv, 'rate', '1500');
const gc = takeFlag(argv, 'gc');
const work = path.resolve(argv.shift());
const configs = argv.map(parseConfiguration);
if (configs.length === 0) throw new Error('name at least one configuration (e.g. plain botanu)');

const node = process.execPath;
const app = path.join(work, 'app');
const cannon = path.join(app, 'node_modules', 'autocannon', 'autocannon.js');
const sink = startServer(node, ['sink.mjs'], { env: baseEnv(), cwd: app });
const downstream = startServer(node, ['downstream.mjs'], { env: baseEnv(), cwd: app });
const [sinkPort, downstreamPort] = [await sink.ready, await downstream.ready];
const results = new Map(configs.map((c) => [c.name, []]));
// The kernel's share of each request apart (socket reads and writes, loopback delivery, page faults).
const kernel = new Map(configs.map((c) => [c.name, []]));
const promoted = new Map(configs.map((c) => [c.name, []]));
const mainThread = new Map(configs.map((c) => [c.name, []]));
const v8Threads = new Map(configs.map((c) => [c.name, []]));
/** Bytes promoted by the scavenges in --trace-gc-nvp output (key=value lines; Node 26 prints JSON). */
function promotedBytes(text) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!/gc=s |"gc":"s"/.test(line)) continue;
    const m = / promoted=(\d+)|"promoted":(\d+)/.exec(line);
    if (m) sum += Number(m[1] ?? m[2]);
  }
  return sum;
}
try {
  for (let r = 0; r < rounds; r++) {
    for (const c of configs) {
      const { flags, env } = variant(c.variant, sinkPort);
      const server = startServer(node, [...(gc ? ['--trace-gc-nvp'] : []), ...flags, `${appName}-app.mjs`], {
        env: { ...baseEnv(), ...env, ...c.env, DOWNSTREAM_URL: `http://127.0.0.1:${downstreamPort}/`, REDIS_PORT: '6379' },
        cwd: path.join(work, 'variants', c.variant),
      });
      const url = `http://127.0.0.1:${await server.ready}/work/1`;
      // Asynchronous, so the server's GC trace (stdout) is read while the load runs.
      const load = (s) =>
        new Promise((resolve, reject) => {
          execFile(node, [cannon, '-c', '16', '-d', String(s), '-R', rate, '-j', url], { encoding: 'utf8', env: baseEnv(), maxBuffer: 1 << 24 }, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout))));
        });
      let gcOut = '';
      server.proc.stdout.on('data', (d) => (gcOut += d));
      await load(2);
      const mark = gcOut.length;
      const before = cpuSplitMs(server.proc.pid);
      const threadsBefore = cpuByThreadMs(server.proc.pid);
      const m = await load(seconds);
      const after = cpuSplitMs(server.proc.pid);
      const threadsAfter = cpuByThreadMs(server.proc.pid);
      mainThread.get(c.name).push(((threadsAfter.main - threadsBefore.main) * 1000) / m.requests.total);
      v8Threads.get(c.name).push(((threadsAfter.v8 - threadsBefore.v8) * 1000) / m.requests.total);
      promoted.get(c.name).push(promotedBytes(gcOut.slice(mark)) / m.requests.total);
      const used = after.user + after.system - before.user - before.system;
      await server.stop();
      results.get(c.name).push((used * 1000) / m.requests.total);
      kernel.get(c.name).push(((after.system - before.system) * 1000) / m.requests.total);
      process.stderr.write(`round ${r + 1}/${rounds} ${c.name}: ${results.get(c.name).at(-1).toFixed(0)} µs/req\n`);
    }
  }
} finally {
  await sink.stop();
  await downstream.stop();
}
console.log(`${appName}, ${rate} req/s, ${seconds} s after a 2 s warm-up, ${rounds} alternating rounds: server CPU µs per request (median)\n`);
console.log(`| configuration | CPU µs/request | of it in the kernel | main thread | V8's threads |${gc ? ' promoted KB/request |' : ''} rounds |\n| --- | --- | --- | --- | --- |${gc ? ' --- |' : ''} --- |`);
for (const c of configs) {
  const kb = gc ? ` ${(median(promoted.get(c.name)) / 1024).toFixed(2)} |` : '';
  console.log(`| ${c.name} | ${median(results.get(c.name)).toFixed(0)} | ${median(kernel.get(c.name)).toFixed(0)} | ${median(mainThread.get(c.name)).toFixed(0)} | ${median(v8Threads.get(c.name)).toFixed(0)} |${kb} ${results.get(c.name).map((x) => x.toFixed(0)).join(' ')} |`);
}
