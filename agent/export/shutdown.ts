// Delivering what finished before the process goes away, while keeping the app's
// own exit semantics:
// - SIGTERM/SIGINT: flush (bounded); if the app has no handler of its own, the
//   process then dies of the same signal, exactly as it would have without us.
//   Our handler leaves at the signal, so the app's and its libraries' handlers
//   see the process as they would without the agent, and end it their way.
// - beforeExit (the event loop ran dry): flush; Node then exits normally.
// - exit (process.exit(), uncaught exception): no async work is possible any
//   more, so what is still queued goes to each exporter's synchronous
//   sendAtExit, bounded by the shutdown timeout. A batch a request has already
//   written out is not sent again: each batch by one path, never both.
import { log } from '../config/logger';
import { redactUrl } from '../config/redact';
import type { ExportProcessor } from './export-processor';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

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
      // Out of the way before the other handlers run (emit has already copied the
      // list): a handler that acts only when it is the only one (@openai/agents
      // exits then) sees what it would see without the agent.
      process.removeListener(sig, onSignal);
      // Node's default action (death by the signal) applies only when nobody else
      // handles it; otherwise ending the process is theirs, as without us.
      const othersHandle = process.listenerCount(sig) > 0;
      flushAll()
        .then(() => shutdownAll())
        .catch(() => {})
        .finally(() => {
          if (othersHandle) return;
          reportTotals(processors);
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
        if (p.pendingCount() === 0 || left <= 0) continue;
        const { batches, written } = p.takePending();
        // Written out by a request still awaiting its answer: that request delivers them.
        p.stats.exported += written;
        const count = batches.reduce((n, b) => n + b.count, 0);
        if (count === 0) continue;
        if (p.exporter.sendAtExit(batches, left)) p.stats.exported += count;
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
