// Span pipeline: how many spans per second the agent records and exports with
// every span recorded, what each costs in CPU, and whether memory stays bounded
// (drops counted, not leaked) when spans arrive far faster than that.
import { getJson, runToExit } from './proc.mjs';
import { median } from './stats.mjs';
import { baseEnv, variant } from './variants.mjs';

async function spanRun(node, variantDir, v, sinkPort, rate, seconds) {
  const sink = `http://127.0.0.1:${sinkPort}`;
  await fetch(`${sink}/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
  const { flags, env } = variant(v, sinkPort);
  const r = await runToExit(node, ['--expose-gc', ...flags, 'span-load.mjs'], { env: { ...baseEnv(), ...env, SPAN_RATE: String(rate), SPAN_SECONDS: String(seconds) }, cwd: variantDir(v) });
  const m = /RESULT (.*)/.exec(r.stdout);
  if (r.code !== 0 || !m) throw new Error(`span-load under ${v} failed (exit ${r.code ?? r.signal}):\n${r.stderr}`);
  const out = JSON.parse(m[1]);
  const { spans } = await getJson(`${sink}/count`);
  const dropWarning = /dropped \d+ new span\(s\).*?(\d+) in total/.exec(r.stderr);
  return { ...out, exported: spans, dropsReported: dropWarning ? Number(dropWarning[1]) : 0 };
}

export async function spanSuite({ node, variantDir, sinkPort, rounds, rate, seconds, variants, log }) {
  const samples = Object.fromEntries(variants.map((v) => [v, { cpuUsPerSpan: [], exportedShare: [], cpuShare: [], maxRssMb: [], liveHeapMb: [] }]));
  for (let round = 1; round <= rounds; round++) {
    for (const v of variants) {
      const r = await spanRun(node, variantDir, v, sinkPort, rate, seconds);
      const s = samples[v];
      s.cpuUsPerSpan.push((r.cpuMs * 1000) / r.created);
      s.exportedShare.push(v === 'plain' ? NaN : r.exported / r.created);
      s.cpuShare.push(r.cpuMs / r.wallMs);
      s.maxRssMb.push(r.maxRssKb / 1024);
      s.liveHeapMb.push(r.liveHeap / 1048576);
      log(`spans round ${round}/${rounds} ${v}: ${r.created} created, ${r.exported} exported, ${((r.cpuMs * 1000) / r.created).toFixed(2)} µs CPU/span, CPU ${((100 * r.cpuMs) / r.wallMs).toFixed(0)}% of one core`);
    }
  }
  const paced = {};
  for (const v of variants) {
    const s = samples[v];
    paced[v] = { cpuUsPerSpan: median(s.cpuUsPerSpan), exportedShare: median(s.exportedShare), cpuShare: median(s.cpuShare), maxRssMb: median(s.maxRssMb), liveHeapMb: median(s.liveHeapMb) };
  }
  // Overload: as fast as the thread can create spans, far beyond what the exporter drains.
  const overload = {};
  // Long enough for V8's heap to reach its size for this allocation rate (a few
  // seconds); after that, memory must be flat over the second half.
  const overloadSeconds = Math.max(3 * seconds, 15);
  for (const v of variants.filter((x) => x !== 'plain')) {
    const r = await spanRun(node, variantDir, v, sinkPort, 0, overloadSeconds);
    const half = r.rss[Math.floor(r.rss.length / 2)] ?? r.rss[0];
    overload[v] = {
      seconds: overloadSeconds,
      attemptedPerSec: r.created / (r.wallMs / 1000),
      exportedPerSec: r.exported / (r.wallMs / 1000),
      dropped: r.created - r.exported,
      dropsReported: r.dropsReported,
      rssHalfMb: half / 1048576,
      rssEndMb: r.rss.at(-1) / 1048576,
      maxRssMb: r.maxRssKb / 1024,
      liveHeapMb: r.liveHeap / 1048576,
    };
    log(`spans overload ${v}: ${overload[v].attemptedPerSec.toFixed(0)}/s attempted, ${overload[v].exportedPerSec.toFixed(0)}/s exported, ${overload[v].dropped} dropped, RSS ${overload[v].rssHalfMb.toFixed(0)} → ${overload[v].rssEndMb.toFixed(0)} MB, live heap after GC ${overload[v].liveHeapMb.toFixed(0)} MB`);
  }
  return { rate, seconds, paced, overload };
}
