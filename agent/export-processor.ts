// A batching span processor with a bounded queue that exports every recorded
// span (the stock BatchSpanProcessor silently drops unsampled ones, which is
// exactly what botanu must keep). Drops are counted and reported once per
// interval, never per span; export runs off the request path, with backoff on
// retryable failures. Up to MAX_IN_FLIGHT batches are sent at once (the
// exporter keeps as many sockets), so a collector's round trip does not cap
// throughput at one batch per round trip and overflow the queue.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { log } from './logger';
import type { OtlpHttpExporter, SendResult } from './otlp-http-exporter';
import { redactUrl } from './redact';

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
// Retries of one batch stop after MAX_ATTEMPTS (or the OTEL_BSP_EXPORT_TIMEOUT budget);
// while the destination keeps failing, batches wait at most MAX_BACKOFF_MS apart,
// so export resumes within seconds of the collector coming back.
const MAX_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 5_000;
const MAX_IN_FLIGHT = 2;

export class ExportProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private readonly inFlight = new Set<ReadableSpan[]>();
  private readonly exports = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** The delay the pending timer was set for (0 = send now). */
  private timerDelay = -1;
  private backoffMs = 0;
  private notBefore = 0;
  private droppedSinceReport = 0;
  private lastDropReport = 0;
  private failureReported = false;
  private closed = false;
  readonly stats: ExportStats = { queued: 0, exported: 0, dropped: 0, failed: 0 };

  constructor(readonly exporter: Pick<OtlpHttpExporter, 'send' | 'shutdown' | 'destination'>, private readonly opts: ExportProcessorOptions) {}

  onStart(_span: Span, _ctx: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed) return;
    if (this.opts.sampledOnly && (span.spanContext().traceFlags & 1) === 0) return;
    if (this.queue.length >= this.opts.maxQueueSize) {
      this.stats.dropped++;
      this.droppedSinceReport++;
      this.maybeReportDrops();
      return;
    }
    this.queue.push(span);
    this.stats.queued++;
    // Per span, only a comparison: a timer already set for this delay (or sooner) stays.
    const delay = this.queue.length >= this.opts.maxExportBatchSize ? 0 : this.opts.scheduleDelayMs;
    if (this.timer === undefined || delay < this.timerDelay) this.schedule(delay);
  }

  /** Spans waiting or being sent: what a synchronous last-chance flush must deliver. */
  pending(): ReadableSpan[] {
    return [...this.inFlight].flat().concat(this.queue);
  }

  /** Hands every pending span to the caller (the exit path) and forgets them. */
  takePending(): ReadableSpan[] {
    const all = this.pending();
    this.inFlight.clear();
    this.queue = [];
    return all;
  }

  async forceFlush(deadlineMs = this.opts.exportTimeoutMs): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while ((this.queue.length > 0 || this.exports.size > 0) && Date.now() < deadline) {
      while (this.queue.length > 0 && this.exports.size < MAX_IN_FLIGHT) void this.exportBatch(deadline);
      if (this.exports.size > 0) await Promise.race(this.exports);
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    this.exporter.shutdown();
  }

  private schedule(delayMs: number): void {
    if (this.exports.size >= MAX_IN_FLIGHT) return; // a finishing export reschedules
    if (this.timer) {
      if (delayMs >= this.timerDelay) return;
      clearTimeout(this.timer);
    }
    this.timerDelay = delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDelay = -1;
      void this.exportBatch(Date.now() + this.opts.exportTimeoutMs);
    }, Math.max(delayMs, this.notBefore - Date.now()));
    this.timer.unref();
  }

  private exportBatch(deadline: number): Promise<void> {
    if (this.queue.length === 0 || this.exports.size >= MAX_IN_FLIGHT) return Promise.resolve();
    const batch = this.queue.splice(0, this.opts.maxExportBatchSize);
    this.inFlight.add(batch);
    const sending: Promise<void> = this.sendWithRetry(batch, deadline)
      .catch(() => {})
      .finally(() => {
        this.inFlight.delete(batch);
        this.exports.delete(sending);
        if (this.queue.length > 0 && !this.closed) this.schedule(this.queue.length >= this.opts.maxExportBatchSize ? 0 : this.opts.scheduleDelayMs);
      });
    this.exports.add(sending);
    // A full batch still waiting can go out on the second socket right away.
    if (this.queue.length >= this.opts.maxExportBatchSize) this.schedule(0);
    return sending;
  }

  private async sendWithRetry(batch: ReadableSpan[], deadline: number): Promise<void> {
    const timeout = this.exporter.destination.timeoutMs;
    let result: SendResult = { ok: false, retryable: false, reason: 'not sent' };
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      result = await this.exporter.send(batch, Math.min(timeout, left));
      if (result.ok || !result.retryable || attempt + 1 >= MAX_ATTEMPTS) break;
      const backoff = Math.min(MAX_BACKOFF_MS, result.retryAfterMs ?? 500 * 2 ** attempt * (0.5 + Math.random()));
      if (Date.now() + backoff >= deadline) break;
      await new Promise((r) => setTimeout(r, backoff).unref());
    }
    if (result.ok) {
      this.stats.exported += batch.length;
      this.backoffMs = 0;
      this.notBefore = 0;
      if (this.failureReported) log.info(`export to ${redactUrl(this.exporter.destination.url)} recovered`);
      this.failureReported = false;
      return;
    }
    this.stats.failed += batch.length;
    this.stats.lastError = result.reason;
    // While the destination is failing, wait before the next batch instead of hammering it.
    this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(1000, this.backoffMs * 2));
    this.notBefore = Date.now() + (result.retryable ? (result.retryAfterMs ?? this.backoffMs) : 0);
    if (!this.failureReported) {
      this.failureReported = true;
      log.warn(`could not export ${batch.length} spans to ${redactUrl(this.exporter.destination.url)}: ${result.reason}. Retrying in the background; further failures are counted, not logged`);
    }
  }

  private dropTimer: NodeJS.Timeout | undefined;

  /** At most one warning per interval; drops after the last report are reported when the interval ends. */
  private maybeReportDrops(): void {
    const now = Date.now();
    const wait = this.lastDropReport + DROP_REPORT_INTERVAL_MS - now;
    if (wait > 0) {
      if (!this.dropTimer) {
        this.dropTimer = setTimeout(() => {
          this.dropTimer = undefined;
          if (this.droppedSinceReport > 0) this.maybeReportDrops();
        }, wait);
        this.dropTimer.unref();
      }
      return;
    }
    this.lastDropReport = now;
    const n = this.droppedSinceReport;
    this.droppedSinceReport = 0;
    log.warn(`export queue full (${this.opts.maxQueueSize} spans, OTEL_BSP_MAX_QUEUE_SIZE): dropped ${n} new span(s) since the last report, ${this.stats.dropped} in total`);
  }
}
