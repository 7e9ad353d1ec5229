// Delivering what finished before the process goes away, while keeping the app's
// own exit semantics:
// - SIGTERM/SIGINT: flush (bounded); if the app has no handler of its own, the
//   process then dies of the same signal, exactly as it would have without us.
// - beforeExit (the event loop ran dry): flush; Node then exits normally.
// - exit (process.exit(), uncaught exception): no async work is possible any
//   more, so what is still queued is handed to a short-lived sender process
//   synchronously, bounded by the shutdown timeout.
import type * as ChildProcess from 'node:child_process';
import { log } from './logger';
import { redactUrl } from './redact';
import type { ExportProcessor } from './export-processor';
import { serializeSpans } from './otlp-http-exporter';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

// Reads headers + one OTLP body from stdin (never argv: no secret in `ps`) and POSTs it; prints nothing.
const SENDER = `
const [url, headerLen, ct, timeout] = process.argv.slice(1);
const chunks = []; process.stdin.on('data', c => chunks.push(c)); process.stdin.on('end', () => {
  const all = Buffer.concat(chunks); const n = Number(headerLen);
  const headersJson = all.subarray(0, n).toString(); const body = all.subarray(n); const u = new URL(url);
  const lib = require(u.protocol === 'https:' ? 'node:https' : 'node:http');
  const req = lib.request(u, { method: 'POST', headers: { ...JSON.parse(headersJson), 'content-type': ct, 'content-length': body.length } }, r => { r.resume(); r.on('end', () => process.exit(0)); });
  req.on('error', () => process.exit(1)); req.setTimeout(Number(timeout), () => process.exit(1)); req.end(body);
});`;

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
    if (processors.some((p) => p.pending().length > 0)) {
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
        if (p.pending().length === 0 || left <= 0 || d.kind !== 'otlp') continue;
        const spans = p.takePending();
        const headers = Buffer.from(JSON.stringify(d.headers));
        const body = Buffer.concat([headers, Buffer.from(serializeSpans(spans, d.protocol))]);
        // No NODE_OPTIONS: the sender must not load the agent (or anything else).
        // child_process (and the net/dgram it loads) only now: never at startup.
        const sent = (require('node:child_process') as typeof ChildProcess).spawnSync(process.execPath, ['-e', SENDER, d.url, String(headers.length), d.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf', String(left)], {
          input: body,
          timeout: left,
          stdio: ['pipe', 'ignore', 'ignore'],
          env: { PATH: process.env.PATH ?? '' },
        });
        if (sent.status === 0) p.stats.exported += spans.length;
        else p.stats.failed += spans.length;
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
    const left = p.pending().length;
    const line = `spans for ${p.exporter.destination.kind === 'console' ? 'console' : redactUrl(p.exporter.destination.url)}: produced ${st.queued + st.dropped}, exported ${st.exported}, dropped ${st.dropped}, failed ${st.failed}, unsent ${left}`;
    if (st.dropped + st.failed + left > 0) log.warn(line);
    else log.debug(line);
  }
}
