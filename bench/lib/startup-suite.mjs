// Startup: `node <flags> <script>` (startup.mjs imports express, pg, ioredis and
// openai; startup-express.mjs imports express; both exit), wall time from spawn
// to exit, CPU time and peak RSS, variants alternating.
import { runToExit } from './proc.mjs';
import { median } from './stats.mjs';
import { baseEnv, variant } from './variants.mjs';

export async function startupSuite({ node, script = 'startup.mjs', variantDir, sinkPort, rounds, variants, log }) {
  const samples = Object.fromEntries(variants.map((v) => [v, { ms: [], rssKb: [], cpuMs: [] }]));
  // Round 0 warms the page cache and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const v of variants) {
      const { flags, env } = variant(v, sinkPort);
      const r = await runToExit(node, [...flags, script], { env: { ...baseEnv(), ...env }, cwd: variantDir(v) });
      const rss = /MAXRSS_KB (\d+) CPU_US (\d+)/.exec(r.stdout);
      if (r.code !== 0 || !rss) throw new Error(`startup (${script}) under ${v} failed (exit ${r.code ?? r.signal}):\n${r.stderr}`);
      if (round === 0) continue;
      samples[v].ms.push(r.ms);
      samples[v].rssKb.push(Number(rss[1]));
      samples[v].cpuMs.push(Number(rss[2]) / 1000);
    }
    if (round > 0) log(`startup ${script} round ${round}/${rounds}: ${variants.map((v) => `${v} ${samples[v].ms.at(-1).toFixed(0)} ms`).join(', ')}`);
  }
  const result = {};
  for (const v of variants) {
    const s = samples[v];
    result[v] = {
      ms: median(s.ms),
      rssMb: median(s.rssKb) / 1024,
      cpuMs: median(s.cpuMs),
      n: s.ms.length,
      samples: s,
    };
  }
  return result;
}
