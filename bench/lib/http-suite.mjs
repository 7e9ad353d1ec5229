// HTTP: an app whose route makes one outgoing fetch and one Redis call, loaded
// by autocannon in its own process at fixed concurrency. Variants alternate;
// each run gets a fresh server, a warm-up, then the measured load.
import * as path from 'node:path';
import { cpuMs, getJson, rssKb, runToExit, startServer } from './proc.mjs';
import { median } from './stats.mjs';
import { baseEnv, variant } from './variants.mjs';

async function load(node, app, url, { connections, seconds }) {
  const cli = path.join(app, 'node_modules', 'autocannon', 'autocannon.js');
  const r = await runToExit(node, [cli, '-c', String(connections), '-d', String(seconds), '-j', url], { env: baseEnv(), cwd: app });
  if (r.code !== 0) throw new Error(`autocannon failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return { rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99, total: j.requests.total, errors: j.errors + j.timeouts + j.non2xx };
}

export async function httpSuite({ node, app, variantDir, script, sinkPort, downstreamUrl, redisPort, rounds, seconds, warmupSeconds, connections, variants, log }) {
  const sink = `http://127.0.0.1:${sinkPort}`;
  const samples = Object.fromEntries(variants.map((v) => [v, { rps: [], p50: [], p99: [], rssKb: [], cpuMsPerReq: [], spansPerReq: [], errors: 0 }]));
  for (let round = 1; round <= rounds; round++) {
    for (const v of variants) {
      const { flags, env } = variant(v, sinkPort);
      const server = startServer(node, [...flags, script], {
        env: { ...baseEnv(), ...env, DOWNSTREAM_URL: downstreamUrl, REDIS_PORT: String(redisPort) },
        cwd: variantDir(v),
      });
      try {
        const port = await server.ready;
        const url = `http://127.0.0.1:${port}/work/1`;
        const check = await fetch(url);
        if (check.status !== 200) throw new Error(`${script} under ${v}: GET /work/1 answered ${check.status}`);
        await check.arrayBuffer();
        await fetch(`${sink}/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
        const warm = await load(node, app, url, { connections, seconds: warmupSeconds });
        const cpu0 = cpuMs(server.proc.pid);
        const m = await load(node, app, url, { connections, seconds });
        const cpu = (cpuMs(server.proc.pid) - cpu0) / m.total;
        const rss = rssKb(server.proc.pid);
        await server.stop(); // every agent flushes what it holds on SIGTERM
        const { spans } = await getJson(`${sink}/count`);
        const s = samples[v];
        s.rps.push(m.rps);
        s.p50.push(m.p50);
        s.p99.push(m.p99);
        s.rssKb.push(rss);
        s.cpuMsPerReq.push(cpu);
        s.spansPerReq.push(spans / (warm.total + m.total + 1));
        s.errors += m.errors + warm.errors;
        log(`${script} round ${round}/${rounds} ${v}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${(cpu * 1000).toFixed(0)} µs CPU/req, ${(rss / 1024).toFixed(0)} MB, ${(spans / (warm.total + m.total + 1)).toFixed(1)} spans/req`);
      } finally {
        await server.stop();
      }
    }
  }
  const result = {};
  for (const v of variants) {
    const s = samples[v];
    result[v] = {
      rps: median(s.rps),
      p50: median(s.p50),
      p99: median(s.p99),
      rssMb: median(s.rssKb) / 1024,
      cpuUsPerReq: median(s.cpuMsPerReq) * 1000,
      spansPerReq: median(s.spansPerReq),
      errors: s.errors,
      n: s.rps.length,
      samples: s,
    };
  }
  return result;
}
