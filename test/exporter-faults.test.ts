// A broken collector never slows the app, memory stays bounded, drops are
// counted (one line per interval), retryable failures are retried with backoff,
// and export resumes by itself when the collector comes back.
import * as http from 'node:http';
import * as net from 'node:net';
import { runToEnd, startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

type Fault = { url: string; stop(): Promise<void>; arrivals: number[] };

async function blackHole(): Promise<Fault> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s)); // accepts, never answers
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, arrivals: [], stop: async () => { sockets.forEach((s) => s.destroy()); server.close(); } };
}

async function answering(status: number, headers: Record<string, string> = {}): Promise<Fault> {
  const arrivals: number[] = [];
  const recv = await new OtlpReceiver({ respond: () => (arrivals.push(Date.now()), { status, headers }) }).start();
  return { url: recv.url, arrivals, stop: () => recv.stop() };
}

/** Accepts and answers 200 only after `delayMs`. */
async function slow(delayMs: number): Promise<Fault> {
  const server = net.createServer((s) => {
    s.on('data', () => {});
    setTimeout(() => s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'), delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, arrivals: [], stop: async () => void server.close() };
}

/** A collector that reads each request and answers 200 at once, and counts the requests. */
async function discarding(): Promise<Fault> {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(Date.now());
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const stop = async () => {
    server.closeAllConnections();
    server.close();
  };
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, arrivals, stop };
}

async function closedPort(): Promise<Fault> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return { url: `http://127.0.0.1:${port}`, arrivals: [], stop: async () => {} };
}

async function latencies(app: RunningApp, n: number): Promise<number[]> {
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/hello/${i}`);
    await r.text();
    expect(r.status).toBe(200);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}
const p99 = (xs: number[]) => xs[Math.floor(xs.length * 0.99) - 1];

async function measure(endpoint: string, env: Record<string, string> = {}, n = 150) {
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '16', ...env } });
  try {
    return { lat: await latencies(app, n), stderr: () => app.stderr() };
  } finally {
    app.kill('SIGKILL');
    await app.exited;
  }
}

let baselineP99 = 0;
beforeAll(async () => {
  const healthy = await new OtlpReceiver().start();
  baselineP99 = p99((await measure(healthy.url)).lat);
  await healthy.stop();
});

test.each([
  ['connection refused', closedPort],
  ['black-holed (accepts, never answers)', blackHole],
  ['slow (answers after 2 s)', () => slow(2000)],
  ['answering 503', () => answering(503)],
  ['answering 429 with retry-after', () => answering(429, { 'retry-after': '1' })],
  ['answering 400', () => answering(400)],
])('collector %s: every request served, latency unaffected', async (_name, make) => {
  const fault = await make();
  try {
    const { lat, stderr } = await measure(fault.url, { OTEL_EXPORTER_OTLP_TIMEOUT: '1000' });
    // Export runs off the request path: a stuck or failing collector adds nothing measurable.
    expect(p99(lat)).toBeLessThan(Math.max(baselineP99 * 3, baselineP99 + 40));
    // One failure line, not one per batch.
    expect(stderr().split('\n').filter((l) => l.includes('could not export')).length).toBeLessThanOrEqual(1);
  } finally {
    await fault.stop();
  }
});

test('429 retry-after is honoured, 400 is not retried', async () => {
  const limited = await answering(429, { 'retry-after': '1' });
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: limited.url, OTEL_BSP_SCHEDULE_DELAY: '20' } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    await fetch(`http://127.0.0.1:${port}/hello/1`);
    await new Promise((r) => setTimeout(r, 2600));
    expect(limited.arrivals.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < limited.arrivals.length; i++) expect(limited.arrivals[i] - limited.arrivals[i - 1]).toBeGreaterThanOrEqual(900);
  } finally {
    app.kill('SIGKILL');
    await app.exited;
    await limited.stop();
  }
  const rejecting = await answering(400);
  const app2 = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: rejecting.url, OTEL_BSP_SCHEDULE_DELAY: '20' } });
  try {
    const [, port] = await app2.waitForOutput(/READY (\d+)/);
    await fetch(`http://127.0.0.1:${port}/hello/1`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(rejecting.arrivals.length).toBe(1);
  } finally {
    app2.kill('SIGKILL');
    await app2.exited;
    await rejecting.stop();
  }
});

test('queue full: drops counted in one warning per interval; export resumes when the collector comes back, without a restart', async () => {
  const down = await closedPort();
  const port = Number(new URL(down.url).port);
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: down.url, OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_BSP_MAX_QUEUE_SIZE: '40', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20' } });
  let recv: OtlpReceiver | undefined;
  try {
    const [, appPort] = await app.waitForOutput(/READY (\d+)/);
    for (let i = 0; i < 60; i++) await fetch(`http://127.0.0.1:${appPort}/hello/${i}`);
    await new Promise((r) => setTimeout(r, 300));
    const dropLines = app.stderr().split('\n').filter((l) => l.includes('export queue full'));
    expect(dropLines).toHaveLength(1);
    expect(dropLines[0]).toMatch(/dropped \d+ new span/);
    // The collector comes back on the same port.
    recv = await new OtlpReceiver({ port }).start();
    // The queued backlog drains first (new spans are dropped while the queue is full)...
    await recv.waitFor((s) => s.length > 0, 25_000);
    await new Promise((r) => setTimeout(r, 500));
    // ...then new work flows through normally.
    await fetch(`http://127.0.0.1:${appPort}/hello/after`);
    await recv.waitFor((s) => s.some((x) => x.attributes['url.path'] === '/hello/after'), 25_000);
  } finally {
    app.kill('SIGKILL');
    await app.exited;
    await recv?.stop();
  }
}, 60_000);

test('memory is bounded in bytes too: spans at the size limits, collector black-holed', async () => {
  // 400 spans of ~480 KB would be ~190 MB; the agent holds at most 32 MiB of
  // encoded spans per destination (plus the span count cap) and counts the rest as dropped.
  const hole = await blackHole();
  const app = startApp('safety/big-spans.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: hole.url, OTEL_BSP_MAX_QUEUE_SIZE: '100000', BOTANU_LOG_LEVEL: 'debug' } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    const rssBefore = Number(await (await fetch(`http://127.0.0.1:${port}/rss`)).text());
    let rssMax = rssBefore;
    for (let i = 0; i < 20; i++) rssMax = Math.max(rssMax, Number(await (await fetch(`http://127.0.0.1:${port}/burst?n=20`)).text()));
    const grewMb = (rssMax - rssBefore) / 1024 / 1024;
    expect(grewMb).toBeLessThan(120);
    const drops = app.stderr().split('\n').filter((l) => l.includes('export queue full'));
    expect(drops).toHaveLength(1);
    expect(drops[0]).toContain('32 MiB');
    app.kill('SIGTERM');
    await app.exited;
    const totals = app.stderr().match(/produced (\d+), exported (\d+), dropped (\d+), failed (\d+), unsent (\d+)/);
    expect(totals).not.toBeNull();
    const [produced, exported, dropped, failed, unsent] = totals!.slice(1).map(Number);
    expect(produced).toBe(400 + 21); // the big spans and the 21 requests' server spans
    expect(exported + dropped + failed + unsent).toBe(produced);
    // ~480 KB each: about 32 MiB worth were kept, the rest dropped.
    expect(dropped).toBeGreaterThan(300);
  } finally {
    app.kill('SIGKILL');
    await app.exited;
    await hole.stop();
  }
}, 60_000);

test('sent batches are freed as they go: a span flood through a fast collector keeps the encoded bytes small', async () => {
  // The queue holds at most 2048 spans (~0.2 MB encoded): what the process holds
  // beyond that is sent batches not yet freed. With its in-flight batches in
  // long-lived Sets, every sent batch stayed reachable until a full GC (26-31 MB);
  // with a new buffer per sealed batch, a busy machine (the concurrent array-buffer
  // sweeper starved) let dead ones pile up (9-30 MB); reused, they stay near 1 MB.
  const collector = await discarding();
  try {
    const res = await runToEnd('safety/span-flood.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_MAX_QUEUE_SIZE: '2048', SPAN_SECONDS: '4' } }, 60_000);
    const m = /PEAK_ARRAY_BUFFERS_MB ([\d.]+) AT_MS (\d+) STEADY_PEAK_ARRAY_BUFFERS_MB ([\d.]+)/.exec(res.stdout);
    expect({ code: res.code, peak: m !== null }).toEqual({ code: 0, peak: true });
    expect(collector.arrivals.length).toBeGreaterThan(100); // many batches went out
    // Once the flood is steady (what the start left behind is not the export's);
    // the whole run's peak and its time are in the message when this fails.
    const [peak, atMs, steady] = m!.slice(1).map(Number);
    const bound = 'under 4 MB';
    expect({ steadyPeakMb: steady < 4 ? bound : steady, wholeRunPeakMb: peak, atMs }).toEqual({ steadyPeakMb: bound, wholeRunPeakMb: peak, atMs });
  } finally {
    await collector.stop();
  }
}, 60_000);

test('a collector outage shorter than OTEL_BSP_EXPORT_TIMEOUT loses nothing: batches taken for export are retried until it is back', async () => {
  const down = await closedPort();
  const port = Number(new URL(down.url).port);
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: down.url, OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10', BOTANU_LOG_LEVEL: 'debug' } });
  let recv: OtlpReceiver | undefined;
  try {
    const [, appPort] = await app.waitForOutput(/READY (\d+)/);
    for (let i = 0; i < 10; i++) await fetch(`http://127.0.0.1:${appPort}/hello/${i}`);
    // Down for 9 s: long enough for many failed attempts of the first batches.
    await new Promise((r) => setTimeout(r, 9000));
    recv = await new OtlpReceiver({ port }).start();
    await recv.waitFor((s) => s.filter((x) => x.attributes['url.path']?.toString().startsWith('/hello/') && x.kind === 2).length === 10, 20_000);
    app.kill('SIGTERM');
    await app.exited;
    const totals = app.stderr().match(/produced (\d+), exported (\d+), dropped (\d+), failed (\d+), unsent (\d+)/);
    expect(totals).not.toBeNull();
    const [produced, exported, dropped, failed, unsent] = totals!.slice(1).map(Number);
    expect({ dropped, failed, unsent }).toEqual({ dropped: 0, failed: 0, unsent: 0 });
    expect(exported).toBe(produced);
    expect(recv.spans.length).toBe(produced);
  } finally {
    app.kill('SIGKILL');
    await app.exited;
    await recv?.stop();
  }
}, 60_000);
