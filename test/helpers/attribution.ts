// Checks for the attribution fixtures (fixtures/attribution/callers.mjs): every
// caller is a span `caller <scenario> <who>`, who = cust-N (its own run, whose
// customer is cust-N) or plain-N (no run). A library's span for that call must
// be the caller's child and carry the caller's run; a server span for a URL
// naming <who> must carry <who>'s run (that is what the request's headers said).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runToEnd } from './app';
import { APP_DIR } from './paths';
import type { DecodedSpan, OtlpReceiver } from './receiver';

const CALLER = /^caller (\S+) (\S+)$/;

export interface Misattributed {
  span: string;
  /** The caller the span belongs to (from its URL, or its scenario when it has none). */
  expected: string;
  /** The caller it is attached to and the customer it carries. */
  parent: string;
  customer: string | undefined;
}

function customerOf(s: DecodedSpan): string | undefined {
  const v = s.attributes['botanu.customer_id'];
  return v === undefined ? undefined : String(v);
}

function expectedCustomer(who: string): string | undefined {
  return who.startsWith('plain-') ? undefined : who;
}

/** The caller a span names: in its URL, or in its statement (`/* /<scenario>/<who> *\/`). */
function pathWho(s: DecodedSpan): [scenario: string, who: string] | undefined {
  const a = s.attributes;
  const named = String(a['url.full'] ?? a['url.path'] ?? a['http.target'] ?? a['db.query.text'] ?? a['db.statement'] ?? '');
  const m = /\/([\w-]+)\/((?:cust|plain)-\d+)(?:$|[/?\s])/.exec(named);
  return m ? [m[1], m[2]] : undefined;
}

/**
 * The library spans (picked by `isLibrarySpan`) that are not children of their
 * own caller carrying its run, plus server spans of `<scenario>/<who>` URLs
 * carrying another run. Also how many library spans each caller got.
 */
export function misattributed(spans: DecodedSpan[], isLibrarySpan: (s: DecodedSpan) => boolean): { wrong: Misattributed[]; perCaller: Map<string, number>; callers: number } {
  const callers = new Map<string, { scenario: string; who: string }>();
  for (const s of spans) {
    const m = CALLER.exec(s.name);
    if (m) callers.set(s.spanId, { scenario: m[1], who: m[2] });
  }
  // A library span may sit under another library span of the same call (knex → pg): its caller is the nearest above.
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const callerAbove = (s: DecodedSpan) => {
    for (let p = byId.get(s.parentSpanId), depth = 0; p && depth < 10; p = byId.get(p.parentSpanId), depth++) if (callers.has(p.spanId)) return callers.get(p.spanId);
    return undefined;
  };
  const wrong: Misattributed[] = [];
  const perCaller = new Map<string, number>();
  for (const s of spans) {
    if (CALLER.test(s.name)) continue;
    const fromUrl = pathWho(s);
    if (s.kind === 2 /* SERVER */) {
      if (fromUrl && customerOf(s) !== expectedCustomer(fromUrl[1]))
        wrong.push({ span: s.name, expected: fromUrl.join('/'), parent: '(server)', customer: customerOf(s) });
      continue;
    }
    if (!isLibrarySpan(s)) continue;
    const parent = callerAbove(s);
    const key = parent ? `${parent.scenario}/${parent.who}` : `(no caller: ${s.parentSpanId})`;
    perCaller.set(key, (perCaller.get(key) ?? 0) + 1);
    const expected = fromUrl ? fromUrl.join('/') : key;
    if (!parent || expected !== key || customerOf(s) !== expectedCustomer(parent.who))
      wrong.push({ span: s.name, expected, parent: key, customer: customerOf(s) });
  }
  return { wrong, perCaller, callers: callers.size };
}

/** Runs an attribution fixture to its end and returns what reached the receiver once the callers' spans are in. */
export async function runCallers(script: string, receiver: OtlpReceiver, callers: number, env: Record<string, string> = {}, out?: { stdout?: string }): Promise<DecodedSpan[]> {
  const r = await runToEnd(script, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'attribution', ...env } }, 60_000);
  if (!r.stdout.includes('DONE')) throw new Error(`fixture failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  if (out) out.stdout = r.stdout;
  await receiver.waitFor((s) => s.filter((x) => CALLER.test(x.name)).length >= callers, 15_000);
  await new Promise((res) => setTimeout(res, 300));
  return receiver.spans;
}

/** Wrong spans counted by the scenario they belong to, with a few examples: a short failure message. */
export function wrongByScenario(wrong: Misattributed[]): Record<string, number | Misattributed[]> {
  const out: Record<string, number | Misattributed[]> = {};
  for (const w of wrong) {
    const scenario = w.expected.split('/')[0];
    out[scenario] = ((out[scenario] as number) ?? 0) + 1;
  }
  if (wrong.length) out.examples = wrong.slice(0, 4);
  return out;
}

/** The callers of each scenario whose number of library spans is not `expected(scenario)` (a batch given to one caller shows here). */
export function wrongCounts(perCaller: Map<string, number>, scenarios: string[], callers: number, expected: (scenario: string) => number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const scenario of scenarios)
    for (let i = 0; i < callers; i++) {
      const who = i % 5 === 4 ? `plain-${i}` : `cust-${i}`;
      const n = perCaller.get(`${scenario}/${who}`) ?? 0;
      if (n !== expected(scenario)) (out[scenario] ??= []).push(`${who}: ${n}`);
    }
  const strays = [...perCaller].filter(([k]) => k.startsWith('(no caller'));
  if (strays.length) out['(no caller)'] = strays.map(([k, n]) => `${k}: ${n}`);
  return out;
}

/**
 * The directory of an undici major installed under an alias (fixtures/attribution/deps.json,
 * e.g. `undici-v7`), copied to a directory named `undici`: what an app depending on that
 * major has, and what the agent recognises by name. `undici` itself is returned as is.
 * Copied once, atomically (test files may run in parallel workers).
 */
export function undiciCopy(pkg: string): string {
  if (pkg === 'undici') return 'undici';
  const dir = path.join(APP_DIR, 'attribution', 'majors', pkg, 'node_modules', 'undici');
  if (fs.existsSync(dir)) return dir;
  const tmp = `${dir}.${process.pid}`;
  fs.cpSync(path.join(APP_DIR, 'node_modules', pkg), tmp, { recursive: true });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another worker copied it first
  }
  return dir;
}
