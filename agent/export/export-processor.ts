// A batching span processor with a bounded queue that exports every recorded
// span (the stock BatchSpanProcessor silently drops unsampled ones, which is
// exactly what botanu must keep). Each span is encoded as it ends (agent/otlp):
// the queue holds sealed batches of bytes, so no event-loop turn serializes a
// whole batch, span objects die young, and a retry resends the same bytes.
// Drops are counted and reported once per interval, never per span; export
// runs off the request path, with backoff on retryable failures. Up to
// MAX_IN_FLIGHT batches are sent at once (the exporter keeps as many sockets),
// so a collector's round trip does not cap throughput at one batch per round
// trip and overflow the queue.
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { log } from '../config/logger';
import type { BatchBuilder, SealedBatch } from './otlp/proto-batch';
import type { BatchExporter, SendResult } from './batch-exporter';
import type { Destination } from '../config/config';
import { redactUrl } from '../config/redact';

export interface ExportProcessorOptions {
  scheduleDelayMs: number;
  exportTimeoutMs: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  /** Forward only spans whose trace is sampled (the app's standard pipeline semantics). */
  sampledOnly: boolean;
}

export interface ExportStats {
  queued: number;
  exported: number;
  dropped: number;
  failed: number;
  lastError?: string;
}

const DROP_REPORT_INTERVAL_MS = 10_000;
// A retryable failure is retried, with backoff, until the batch's
// OTEL_BSP_EXPORT_TIMEOUT budget is spent, so a collector restart shorter than
// that loses nothing already taken for export. Backoff (and the pause before the
// next batch while the destination is failing) is at most MAX_BACKOFF_MS, so
// export resumes within seconds of the collector coming back.
const MAX_BACKOFF_MS = 5_000;
const MAX_IN_FLIGHT = 2;
// Encoded bytes a destination may hold (waiting + being sent), whatever the
// spans' size: with OTEL_BSP_MAX_QUEUE_SIZE this bounds the agent's export memory.
const MAX_HELD_BYTES = 32 * 1024 * 1024;
// The async context of the agent's start, before any request: every store of
// every AsyncLocalStorage (dd-trace's, the app's, OpenTelemetry's) is empty in it.
// Export timers and sends start in it, never in the request whose span happened
// to end last, so no tracer sees the agent's exports as part of a user's request.
const outsideEveryRequest = AsyncLocalStorage.snapshot();

/** Takes `item` out of `list` (at most MAX_IN_FLIGHT long); whether it was there. */
function remove<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

export class ExportProcessor implements SpanProcessor {
  /** Spans encoded but not yet sealed into a batch. */
  #open: BatchBuilder;
  /** Sealed batches waiting to be sent; `queuedSpans` counts their spans plus the open batch's. */
  #queue: SealedBatch[] = [];
  private queuedSpans = 0;
  /** Bytes of the sealed batches, waiting or in flight (the open batch counts its own). */
  private sealedBytes = 0;
  // Arrays of at most MAX_IN_FLIGHT, not Sets: a long-lived Set with an entry in and one out per batch kept every
  // sent batch's bytes alive until a full GC (V8 keeps each replaced hash table pointing at the next, and a promoted
  // one holds them all: under overload RSS went from 155 to 231 MB, 99 to 100 with arrays; bench/README.md).
  #inFlight: SealedBatch[] = [];
  /** In-flight batches whose current attempt has been written out: the collector may already have them. */
  #written: SealedBatch[] = [];
  readonly #exports: Promise<void>[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** The delay the pending timer was set for (0 = send now). */
  private timerDelay = -1;
  private backoffMs = 0;
  private notBefore = 0;
  private droppedSinceReport = 0;
  private lastDropReport = 0;
  private failureReported = false;
  private encodeFailureReported = false;
  private closed = false;
  readonly stats: ExportStats = { queued: 0, exported: 0, dropped: 0, failed: 0 };

  // #private: an app object that reaches this processor (the app's own SDK spans
  // reference their provider's processors, ours among them once the agent joins
  // it) must not reach, or print, the queued batches, encoder buffers or timers.
  readonly #exporter: BatchExporter;

  constructor(exporter: BatchExporter, private readonly opts: ExportProcessorOptions) {
    this.#exporter = exporter;
    this.#open = exporter.newBatch();
  }

  get exporter(): BatchExporter {
    return this.#exporter;
  }

  onStart(_span: Span, _ctx: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed) return;
    if (this.opts.sampledOnly && (span.spanContext().traceFlags & 1) === 0) return;
    if (this.queuedSpans >= this.opts.maxQueueSize || this.sealedBytes + this.#open.bytes >= MAX_HELD_BYTES) {
      this.stats.dropped++;
      this.droppedSinceReport++;
      this.maybeReportDrops();
      return;
    }
    this.stats.queued++;
    try {
      this.#open.add(span);
    } catch (err) {
      // Called from the app's span.end(): an unencodable span is counted, never thrown.
      this.stats.failed++;
      this.stats.lastError = `could not encode span: ${(err as Error)?.message}`;
      if (!this.encodeFailureReported) {
        this.encodeFailureReported = true;
        log.warn(`${this.stats.lastError}; such spans are counted as failed, not logged again`);
      }
      return;
    }
    this.queuedSpans++;
    let delay = this.opts.scheduleDelayMs;
    if (this.#open.count >= this.opts.maxExportBatchSize) {
      this.sealOpen();
      delay = 0;
    }
    // Per span, only a comparison: a timer already set for this delay (or sooner) stays.
    if (this.#timer === undefined || delay < this.timerDelay) this.schedule(delay);
  }

  private sealOpen(): void {
    if (this.#open.count === 0) return;
    const batch = this.#open.seal();
    this.sealedBytes += batch.body.byteLength;
    this.#queue.push(batch);
  }

  /** Spans waiting or being sent: what a synchronous last-chance flush must deliver. */
  pendingCount(): number {
    let n = this.queuedSpans;
    for (const b of this.#inFlight) n += b.count;
    return n;
  }

  /**
   * For the exit path: hands over every batch no request has carried out yet
   * (queued, or in flight but not yet written: connecting, compressing, between
   * retries) and forgets all pending ones. A batch already written out is left
   * to that request (the collector may have it; sending it again would count
   * its spans twice); `written` counts their spans.
   */
  takePending(): { batches: SealedBatch[]; written: number } {
    this.sealOpen();
    const batches = this.#inFlight.filter((b) => !this.#written.includes(b)).concat(this.#queue);
    let written = 0;
    for (const b of this.#written) written += b.count;
    this.#inFlight = [];
    this.#written = [];
    this.#queue = [];
    this.queuedSpans = 0;
    this.sealedBytes = 0;
    return { batches, written };
  }

  async forceFlush(deadlineMs = this.opts.exportTimeoutMs): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    // Spans that end while flushing are sealed and sent too (exportBatch seals the open batch).
    while ((this.queuedSpans > 0 || this.#exports.length > 0) && Date.now() < deadline) {
      while (this.queuedSpans > 0 && this.#exports.length < MAX_IN_FLIGHT) {
        const before = this.#exports.length;
        void this.exportBatch(deadline);
        if (this.#exports.length === before) break;
      }
      if (this.#exports.length === 0) break;
      await Promise.race(this.#exports);
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    this.#exporter.shutdown();
  }

  private schedule(delayMs: number): void {
    if (this.#exports.length >= MAX_IN_FLIGHT) return; // a finishing export reschedules
    if (this.#timer) {
      if (delayMs >= this.timerDelay) return;
      clearTimeout(this.#timer);
    }
    this.timerDelay = delayMs;
    this.#timer = outsideEveryRequest(() =>
      setTimeout(() => {
        this.#timer = undefined;
        this.timerDelay = -1;
        void this.exportBatch(Date.now() + this.opts.exportTimeoutMs);
      }, Math.max(delayMs, this.notBefore - Date.now())),
    );
    this.#timer.unref();
  }

  private exportBatch(deadline: number): Promise<void> {
    if (this.#exports.length >= MAX_IN_FLIGHT) return Promise.resolve();
    if (this.#queue.length === 0) this.sealOpen();
    const batch = this.#queue.shift();
    if (!batch) return Promise.resolve();
    this.queuedSpans -= batch.count;
    this.#inFlight.push(batch);
    const sending: Promise<void> = outsideEveryRequest(() => this.sendWithRetry(batch, deadline))
      .catch(() => {})
      .finally(() => {
        // takePending() (the exit path) may already have taken it over.
        remove(this.#written, batch);
        if (remove(this.#inFlight, batch)) {
          this.sealedBytes -= batch.body.byteLength;
          // Its bytes are no longer read by anyone (a timed-out attempt's socket is destroyed first).
          batch.release?.();
        }
        remove(this.#exports, sending);
        if (this.queuedSpans > 0 && !this.closed) this.schedule(this.#queue.length > 0 ? 0 : this.opts.scheduleDelayMs);
      });
    this.#exports.push(sending);
    // A full batch still waiting can go out on the second socket right away.
    if (this.#queue.length > 0) this.schedule(0);
    return sending;
  }

  private async sendWithRetry(batch: SealedBatch, deadline: number): Promise<void> {
    const timeout = this.#exporter.destination.timeoutMs;
    let result: SendResult = { ok: false, retryable: false, reason: 'not sent' };
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      result = await this.#exporter.send(batch, Math.min(timeout, left), () => {
        if (this.#inFlight.includes(batch) && !this.#written.includes(batch)) this.#written.push(batch);
      });
      // Not accepted: until the next attempt is written out, the exit path may send it.
      remove(this.#written, batch);
      if (result.ok || !result.retryable) break;
      const backoff = Math.min(MAX_BACKOFF_MS, result.retryAfterMs ?? 500 * 2 ** attempt * (0.5 + Math.random()));
      if (Date.now() + backoff >= deadline) break;
      await new Promise((r) => setTimeout(r, backoff).unref());
    }
    if (result.ok) {
      this.stats.exported += batch.count;
      this.backoffMs = 0;
      this.notBefore = 0;
      if (this.failureReported) log.info(`export to ${redactUrl(this.#exporter.destination.url)} recovered`);
      this.failureReported = false;
      return;
    }
    this.stats.failed += batch.count;
    this.stats.lastError = result.reason;
    // While the destination is failing, wait before the next batch instead of hammering it.
    this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(1000, this.backoffMs * 2));
    this.notBefore = Date.now() + (result.retryable ? (result.retryAfterMs ?? this.backoffMs) : 0);
    if (!this.failureReported) {
      this.failureReported = true;
      log.warn(`could not export ${batch.count} spans to ${redactUrl(this.#exporter.destination.url)}: ${result.reason}. Retrying in the background; further failures are counted, not logged`);
    }
  }

  #dropTimer: NodeJS.Timeout | undefined;

  /** At most one warning per interval; drops after the last report are reported when the interval ends. */
  private maybeReportDrops(): void {
    const now = Date.now();
    const wait = this.lastDropReport + DROP_REPORT_INTERVAL_MS - now;
    if (wait > 0) {
      if (!this.#dropTimer) {
        this.#dropTimer = setTimeout(() => {
          this.#dropTimer = undefined;
          if (this.droppedSinceReport > 0) this.maybeReportDrops();
        }, wait);
        this.#dropTimer.unref();
      }
      return;
    }
    this.lastDropReport = now;
    const n = this.droppedSinceReport;
    this.droppedSinceReport = 0;
    log.warn(`export queue full (${this.opts.maxQueueSize} spans, OTEL_BSP_MAX_QUEUE_SIZE, or ${MAX_HELD_BYTES / 1024 / 1024} MiB): dropped ${n} new span(s) since the last report, ${this.stats.dropped} in total`);
  }
}
