// Delivering what finished before the process goes away, while keeping the app's
// own exit semantics:
// - SIGTERM/SIGINT: flush (bounded); if the app has no handler of its own, the
//   process then dies of the same signal, exactly as it would have without us.
// - beforeExit (the event loop ran dry): flush; Node then exits normally.
// - exit (process.exit(), uncaught exception): no async work is possible any
//   more, so what is still queued is handed to a short-lived sender process
//   synchronously, bounded by the shutdown timeout.
import type * as ChildProcess from 'node:child_process';
import * as fs from 'node:fs';
import { log } from './logger';
import { redactUrl } from './redact';
import type { ExportProcessor } from './export-processor';
import { contentTypeOf } from './otlp-http-exporter';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

// Reads the headers and the OTLP bodies from stdin (never argv: no secret in `ps`),
// each as a 4-byte length and its bytes, and POSTs the bodies one after another;
// exits 0 only if every one was accepted. Prints nothing.
const SENDER = `
const [url, ct, timeout] = process.argv.slice(1);
const chunks = []; process.stdin.on('data', c => chunks.push(c)); process.stdin.on('end', async () => {
  const all = Buffer.concat(chunks); const parts = [];
  for (let p = 0; p + 4 <= all.length; ) { const n = all.readUInt32BE(p); parts.push(all.subarray(p + 4, p + 4 + n)); p += 4 + n; }
  const headers = JSON.parse(parts.shift().toString()); const u = new URL(url);
  const lib = require(u.protocol === 'https:' ? 'node:https' : 'node:http');
  setTimeout(() => process.exit(1), Number(timeout)).unref();
  let ok = true;
  for (const body of parts) ok = (await new Promise((done) => {
    const req = lib.request(u, { method: 'POST', headers: { ...headers, 'content-type': ct, 'content-length': body.length } }, r => { r.resume(); r.on('end', () => done(r.statusCode >= 200 && r.statusCode < 300)); });
    req.on('error', () => done(false)); req.end(body);
  })) && ok;
  process.exit(ok ? 0 : 1);
});`;

function frame(parts: Uint8Array[]): Buffer {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.byteLength);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

export function installShutdownHooks(processors: ExportProcessor[], timeoutMs: number, shutdownAll: () => Promise<void>): void {
  let flushing: Promise<void> | undefined;
  const flushAll = () => {
    flushing ??= Promise.race([
      Promise.allSettled(processors.map((p) => p.forceFlush(timeoutMs))).then(() => undefined),
      new Promise<void>((r) => setTimeout(r, timeoutMs).unref()),
    ]);
    return flushing;
  };

  for (const sig of SIGNALS) {
    const onSignal = () => {
      // Decide now: an app handler added after us still counts as the app's own.
      const appHandles = process.listenerCount(sig) > 1;
      flushAll()
        .then(() => shutdownAll())
        .catch(() => {})
        .finally(() => {
          if (appHandles) return;
          reportTotals(processors);
          process.removeListener(sig, onSignal);
          process.kill(process.pid, sig);
        });
    };
    process.on(sig, onSignal);
  }

  process.on('beforeExit', () => {
    // Flushing may schedule work, which fires beforeExit again; flush only what is new.
    if (processors.some((p) => p.pendingCount() > 0)) {
      flushing = undefined;
      void flushAll();
    }
  });

  process.on('exit', () => {
    try {
      const deadline = Date.now() + timeoutMs;
      for (const p of processors) {
        const left = deadline - Date.now();
        const d = p.exporter.destination;
        if (p.pendingCount() === 0 || left <= 0) continue;
        const batches = p.takePending();
        const count = batches.reduce((n, b) => n + b.count, 0);
        if (d.kind === 'console') {
          for (const b of batches) fs.writeSync(1, b.body);
          p.stats.exported += count;
          continue;
        }
        const input = frame([Buffer.from(JSON.stringify(d.headers)), ...batches.map((b) => b.body)]);
        // No NODE_OPTIONS: the sender must not load the agent (or anything else).
        // child_process (and the net/dgram it loads) only now: never at startup.
        const sent = (require('node:child_process') as typeof ChildProcess).spawnSync(process.execPath, ['-e', SENDER, d.url, contentTypeOf(d.protocol), String(left)], {
          input,
          timeout: left,
          stdio: ['pipe', 'ignore', 'ignore'],
          env: { PATH: process.env.PATH ?? '' },
        });
        if (sent.status === 0) p.stats.exported += count;
        else p.stats.failed += count;
      }
    } catch (err) {
      log.debug(`last-chance flush failed: ${(err as Error).message}`);
    }
    reportTotals(processors);
  });
}

let totalsReported = false;
/**
 * The span accounting of the whole process, once, as it ends: produced =
 * exported + dropped (queue full) + failed (gave up) + still queued. A warning
 * when anything was lost, else a debug line.
 */
function reportTotals(processors: ExportProcessor[]): void {
  if (totalsReported) return;
  totalsReported = true;
  for (const p of processors) {
    const st = p.stats;
    const left = p.pendingCount();
    const line = `spans for ${p.exporter.destination.kind === 'console' ? 'console' : redactUrl(p.exporter.destination.url)}: produced ${st.queued + st.dropped}, exported ${st.exported}, dropped ${st.dropped}, failed ${st.failed}, unsent ${left}`;
    if (st.dropped + st.failed + left > 0) log.warn(line);
    else log.debug(line);
  }
}
