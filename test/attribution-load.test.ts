// The shape of the load that found issue 20, bounded for CI: an ESM express entry
// (botanuWorkflow) → a CommonJS service with no code → a RabbitMQ worker, with
// PostgreSQL pools of 2, ioredis auto-pipelining, fetch through a global
// dispatcher of 2 connections (undici 7), axios on a keep-alive agent of 2
// sockets; 200 runs of distinct customers, 50 at a time, with 60 plain requests
// mixed in. Whose work a span is comes from what it names (every URL and
// statement names its <who>), else from its trace: no span may carry another
// run, every span of a run carries that run, and every run has the same spans
// (but for opening a pooled connection: the first runs do that).
import { startApp, type RunningApp } from './helpers/app';
import { undiciCopy } from './helpers/attribution';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';

const RUNS = Number(process.env.LOAD_RUNS ?? 200);
const PLAIN = Number(process.env.LOAD_PLAIN ?? 60);
const CONCURRENCY = 50;
const QUEUE = `botanu-load-${process.pid}`;

let receiver: OtlpReceiver;
const apps: RunningApp[] = [];

async function start(script: string, service: string, env: Record<string, string> = {}): Promise<string> {
  const app = startApp(script, { preload: script.endsWith('.mjs') ? 'import' : 'node-options', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: service, QUEUE, ...env } });
  apps.push(app);
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
});
afterAll(async () => {
  for (const a of apps) a.kill();
  await Promise.all(apps.map((a) => a.exited));
  await receiver.stop();
});

const WHO = /\/(?:run|plain|fetch|axios)\/((?:cust|plain)-\d+)(?:$|[/?\s])|who=((?:cust|plain)-\d+) /;

function namedWho(s: DecodedSpan): string | undefined {
  const text = `${String(s.attributes['url.full'] ?? s.attributes['url.path'] ?? '')} ${String(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? '')} `;
  const m = WHO.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

interface Verdict {
  spans: number;
  inRuns: number;
  inRunsOwnRun: number;
  anotherRun: number;
  plainWithRun: number;
  runsWithOtherSpans: string[];
}

function judge(all: DecodedSpan[], runIdOf: Map<string, string | null>): Verdict {
  // Each request is its own trace, rooted at the entry's server span for /run/<who> or /plain/<who>.
  const traceWho = new Map<string, string>();
  const runStart = new Map<string, bigint>();
  for (const s of all) {
    const who = namedWho(s);
    if (s.resource['service.name'] === 'load-entry' && s.kind === 2 && who) traceWho.set(s.traceId, who);
    if (s.name === 'botanu.run/load') runStart.set(s.traceId, s.startTimeUnixNano);
  }
  const v: Verdict = { spans: all.length, inRuns: 0, inRunsOwnRun: 0, anotherRun: 0, plainWithRun: 0, runsWithOtherSpans: [] };
  const shape = new Map<string, Map<string, number>>();
  for (const s of all) {
    const owner = namedWho(s) ?? traceWho.get(s.traceId);
    if (!owner || !runIdOf.has(owner)) continue;
    const expected = runIdOf.get(owner) ?? undefined;
    const carried = s.attributes['botanu.run_id'] as string | undefined;
    if (carried !== undefined && carried !== expected) v.anotherRun++;
    if (!expected) {
      if (carried !== undefined) v.plainWithRun++;
      continue;
    }
    // The entry's own middleware that ended before the run began is not in the run.
    const started = runStart.get(s.traceId);
    if (s.resource['service.name'] === 'load-entry' && s.kind !== 2 && started !== undefined && s.endTimeUnixNano < started && carried === undefined) continue;
    v.inRuns++;
    if (carried === expected) v.inRunsOwnRun++;
    // Opening a pooled connection is the work of the run that needed it first; only those runs have it.
    if (/connect$/.test(s.name)) continue;
    const key = `${String(s.resource['service.name'])} ${s.name.replace(WHO, '')}`;
    const m = shape.get(owner) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + 1);
    shape.set(owner, m);
  }
  // Every run did the same work: its spans (by service and name) are the most common set.
  const text = (m: Map<string, number>) => [...m].sort().map(([k, n]) => `${k} ×${n}`).join(', ');
  const counts = new Map<string, number>();
  for (const m of shape.values()) counts.set(text(m), (counts.get(text(m)) ?? 0) + 1);
  const usual = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const usualShape = [...shape.values()].find((m) => text(m) === usual) ?? new Map<string, number>();
  for (const [who, m] of shape) {
    if (text(m) === usual) continue;
    const diff = [...new Set([...m.keys(), ...usualShape.keys()])].filter((k) => m.get(k) !== usualShape.get(k)).map((k) => `${k} ×${m.get(k) ?? 0}`);
    v.runsWithOtherSpans.push(`${who}: ${diff.join(', ')}`);
  }
  return v;
}

test(`${RUNS} concurrent runs and ${PLAIN} plain requests through pools, pipelines and a queue: no span carries another run`, async () => {
  const worker = start('load/worker.cjs', 'load-worker');
  const middle = await start('load/middle.cjs', 'load-middle');
  await worker;
  const entry = await start('load/entry.mjs', 'load-entry', { MIDDLE_URL: middle, UNDICI: undiciCopy('undici-v7') });

  // Runs and plain requests interleaved, CONCURRENCY at a time.
  const whos: string[] = [];
  const every = Math.floor((RUNS + PLAIN) / PLAIN);
  for (let i = 0, plains = 0; i < RUNS + PLAIN; i++) {
    const plain = plains < PLAIN && (i % every === every - 1 || RUNS + PLAIN - i <= PLAIN - plains);
    if (plain) plains++;
    whos.push(`${plain ? 'plain' : 'cust'}-${i}`);
  }
  const runIdOf = new Map<string, string | null>();
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < whos.length) {
        const who = whos[next++];
        const r = await fetch(`${entry}/${who.startsWith('plain') ? 'plain' : 'run'}/${who}`);
        const body = (await r.json()) as { runId: string | null; db: string; downstream: string[] };
        expect([who, body.db, ...body.downstream]).toEqual([who, who, who, who]);
        runIdOf.set(who, body.runId);
      }
    }),
  );
  const driven = Date.now() - started;
  const runs = [...runIdOf.values()].filter(Boolean).length;
  expect(runs).toBe(whos.filter((w) => w.startsWith('cust')).length);

  // Done when the worker has handled every message (its statement says `handled`).
  const handled = (s: DecodedSpan[]) => s.filter((x) => x.resource['service.name'] === 'load-worker' && /handled/.test(String(x.attributes['db.query.text'] ?? ''))).length;
  await receiver.waitFor((s) => handled(s) >= whos.length, 30_000);
  await new Promise((r) => setTimeout(r, 1000));

  const v = judge(receiver.spans, runIdOf);
  console.log(`load: ${runs} runs + ${whos.length - runs} plain in ${driven} ms; ${v.spans} spans; in runs ${v.inRunsOwnRun}/${v.inRuns} carry their own run; ${v.anotherRun} carry another run (${v.plainWithRun} of plain requests); ${v.runsWithOtherSpans.length} runs with other spans than the rest`);
  expect({ anotherRun: v.anotherRun, plainWithRun: v.plainWithRun, runsWithOtherSpans: v.runsWithOtherSpans.slice(0, 5) }).toEqual({ anotherRun: 0, plainWithRun: 0, runsWithOtherSpans: [] });
  expect(v.inRunsOwnRun).toBe(v.inRuns);
  expect(v.inRuns).toBeGreaterThan(runs * 15);
}, 90_000);
