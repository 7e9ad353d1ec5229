// Shared pieces of the coexistence tests: a downstream service that records the
// trace headers it receives, a request driver, and an independent recomputation
// of OpenTelemetry JS 3.x's TraceIdRatioBased decision.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { APP_DIR, FIXTURES } from './paths';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './receiver';

export interface Downstream {
  url: string;
  /** Every request's raw header values, by lower-case name (repeated headers kept apart). */
  received: Record<string, string[]>[];
  stop(): Promise<void>;
}

export async function startDownstream(): Promise<Downstream> {
  const received: Record<string, string[]>[] = [];
  const server = http.createServer((req, res) => {
    const h: Record<string, string[]> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) (h[req.rawHeaders[i].toLowerCase()] ??= []).push(req.rawHeaders[i + 1]);
    received.push(h);
    res.end('ok');
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/leaf`,
    received,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** `n` GETs of `url`, `concurrency` at a time; returns the status codes. */
export async function drive(url: string, n: number, concurrency = 8, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await fetch(url, { headers });
      await r.text();
      statuses.push(r.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/**
 * TraceIdRatioBased as OpenTelemetry JS 3.x decides it, written independently of
 * the agent: XOR of the trace id's four 32-bit words, below floor(ratio * (2^32 - 1)).
 */
export function ratioSelects(traceId: string, ratio: number): boolean {
  const bound = ratio >= 1 ? 2 ** 32 : Math.floor(ratio * 4294967295);
  const words = traceId.match(/.{8}/g)!.map((w) => BigInt('0x' + w));
  const acc = Number(words.reduce((a, b) => a ^ b, 0n));
  return acc < bound;
}

export function parseTraceparent(v: string): { traceId: string; spanId: string; sampled: boolean } {
  const [, traceId, spanId, flags] = v.split('-');
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

// OTEL_LOG_LEVEL=error makes the api's "duplicate registration" errors visible (they are silent without a diag logger).
export const NO_OTEL_NOISE = { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'error' };

export const workServers = (spans: DecodedSpan[]) => spans.filter((s) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === '/work');
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

/** Spans whose parent is neither in `spans` nor remote: broken parent/child links. */
export function orphans(spans: DecodedSpan[]): DecodedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId));
}

/**
 * Drives `n` requests through an app with its own SDK (ratio sampler, OTLP
 * exporter to `appRecv`) under the agent (botanu destination `botanuRecv`) and
 * checks the whole promise: same decisions downstream and in the app's exporter
 * (recomputed independently, 0 mismatches), 100% to botanu, one server span per
 * request, no orphans, and the app's flag-ignoring processor still sees only sampled spans.
 */
export async function expectRatioKept(o: { port: string; n: number; ratio: number; appRecv: OtlpReceiver; botanuRecv: OtlpReceiver; downstream: Downstream }): Promise<void> {
  const { port, n, ratio, appRecv, botanuRecv, downstream } = o;
  const statuses = await drive(`http://127.0.0.1:${port}/work`, n);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);

  // Downstream: one traceparent per request, its flag exactly the ratio decision.
  expect(downstream.received).toHaveLength(n);
  const tps = downstream.received.map((h) => h.traceparent ?? []);
  expect(tps.filter((t) => t.length !== 1)).toEqual([]);
  const parsed = tps.map((t) => parseTraceparent(t[0]));
  expect(parsed.filter((p) => p.sampled !== ratioSelects(p.traceId, ratio))).toEqual([]);
  const selected = new Set(parsed.filter((p) => p.sampled).map((p) => p.traceId));
  expect(selected.size).toBeGreaterThan(n * ratio * 0.4);
  expect(selected.size).toBeLessThan(n * ratio * 1.6);

  // botanu: every trace, one server span per request, no orphans.
  const all = await botanuRecv.waitFor((s) => workServers(s).length >= n && s.filter((x) => x.kind === SPAN_KIND.CLIENT).length >= n, 20_000);
  await appRecv.waitFor((s) => workServers(s).length >= selected.size, 20_000);
  await settle();
  const servers = workServers(all);
  expect(servers).toHaveLength(n);
  expect(new Set(servers.map((s) => s.traceId))).toEqual(new Set(parsed.map((p) => p.traceId)));
  expect(orphans(botanuRecv.spans)).toEqual([]);
  // Only the app's own calls are traced: never the exports (no feedback loop).
  const foreignClients = (s: DecodedSpan[]) => s.filter((x) => x.kind === SPAN_KIND.CLIENT && !String(x.attributes['url.full'] ?? x.attributes['http.url'] ?? '').startsWith(downstream.url));
  expect(foreignClients(botanuRecv.spans)).toEqual([]);
  expect(foreignClients(appRecv.spans)).toEqual([]);
  // Unsampled spans are recorded for botanu and marked as such (flags bit 0 clear).
  expect(servers.filter((s) => (s.flags & 1) === 0)).toHaveLength(n - selected.size);

  // The app's exporter: exactly the selected traces, each span once, none unsampled, no orphans.
  expect(new Set(appRecv.spans.map((s) => s.traceId))).toEqual(selected);
  expect(workServers(appRecv.spans)).toHaveLength(selected.size);
  expect(new Set(appRecv.spans.map((s) => s.spanId)).size).toBe(appRecv.spans.length);
  expect(appRecv.spans.filter((s) => (s.flags & 1) === 0)).toEqual([]);
  expect(orphans(appRecv.spans)).toEqual([]);

  // The app's custom processor (which ignores the flag) still sees only sampled spans.
  const st = (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { ended: number; unsampledSeen: number };
  expect(st.unsampledSeen).toBe(0);
  // (The /stats request's own span ends after the answer: leave it out.)
  const appWork = (s: DecodedSpan[]) => s.filter((x) => x.attributes['url.path'] !== '/stats');
  await appRecv.waitFor((s) => appWork(s).length >= st.ended, 5_000).catch(() => undefined);
  await settle(200);
  expect(appWork(appRecv.spans).length).toBe(st.ended);
}

/**
 * An app directory with its own node_modules, for a dependency tree that cannot
 * share the main fixture install (e.g. @opentelemetry/api 1.9 next to 1.10).
 * Installs `fixtures/<deps>` once (stamped), copies `files` in, and links the
 * packed agent installed in the main fixture dir.
 */
export function prepareIsolatedApp(name: string, depsFile: string, files: string[]): string {
  const dir = path.join(path.dirname(APP_DIR), name);
  const deps = fs.readFileSync(path.join(FIXTURES, depsFile), 'utf8');
  const stamp = path.join(dir, '.stamp');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== deps) {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, ...JSON.parse(deps) }, null, 2));
    const npmCli = [process.env.npm_execpath ?? '', path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), '/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js'].find((c) => c.endsWith('.js') && fs.existsSync(c));
    if (!npmCli) throw new Error('npm-cli.js not found');
    execFileSync(process.execPath, [npmCli, 'install', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
    });
    fs.writeFileSync(stamp, deps);
  }
  for (const f of files) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, path.basename(f)));
  const link = path.join(dir, 'node_modules', '@botanu', 'agent');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(path.join(APP_DIR, 'node_modules', '@botanu', 'agent'), link, 'dir');
  return dir;
}

/** A stand-in for a vendor's local agent or ingest endpoint: answers 200 and counts what it gets by path. */
export async function startSink(answer = '{}'): Promise<{ url: string; hits: { method: string; path: string; bytes: number; body: Buffer }[]; stop(): Promise<void> }> {
  const hits: { method: string; path: string; bytes: number; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      hits.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0], bytes: body.length, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits, stop: () => new Promise((r) => server.close(() => r())) };
}

export async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
