// A batching span processor with a bounded queue that exports every recorded
// span (the stock BatchSpanProcessor silently drops unsampled ones, which is
// exactly what botanu must keep). Drops are counted and reported once per
// interval, never per span; export runs off the request path, one batch at a
// time, with backoff on retryable failures.
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
const MAX_BACKOFF_MS = 30_000;

export class ExportProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private inFlight: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private exporting: Promise<void> | undefined;
  private backoffMs = 0;
  private notBefore = 0;
  private droppedSinceReport = 0;
  private lastDropReport = 0;
  private failureReported = false;
  private closed = false;
  readonly stats: ExportStats = { queued: 0, exported: 0, dropped: 0, failed: 0 };

  constructor(readonly exporter: Pick<OtlpHttpExporter, 'send' | 'post' | 'shutdown' | 'destination'>, private readonly opts: ExportProcessorOptions) {}

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
    if (this.queue.length >= this.opts.maxExportBatchSize) this.schedule(0);
    else this.schedule(this.opts.scheduleDelayMs);
  }

  /** Spans waiting or being sent: what a synchronous last-chance flush must deliver. */
  pending(): ReadableSpan[] {
    return this.inFlight.concat(this.queue);
  }

  async forceFlush(deadlineMs = this.opts.exportTimeoutMs): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while ((this.queue.length > 0 || this.exporting) && Date.now() < deadline) {
      if (this.exporting) await this.exporting;
      else await this.exportBatch(deadline);
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    this.exporter.shutdown();
  }

  /** Flush-only shutdown: for when someone else's provider shuts down while the agent keeps running. */
  flushOnly(): SpanProcessor {
    return { onStart: () => {}, onEnd: () => {}, forceFlush: () => this.forceFlush(), shutdown: () => this.forceFlush() };
  }

  private schedule(delayMs: number): void {
    if (this.exporting) return; // the running export reschedules when it finishes
    const wait = Math.max(delayMs, this.notBefore - Date.now());
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportBatch(Date.now() + this.opts.exportTimeoutMs);
    }, wait);
    this.timer.unref();
  }

  private exportBatch(deadline: number): Promise<void> {
    if (this.exporting) return this.exporting;
    if (this.queue.length === 0) return Promise.resolve();
    const batch = this.queue.splice(0, this.opts.maxExportBatchSize);
    this.inFlight = batch;
    this.exporting = this.sendWithRetry(batch, deadline)
      .catch(() => {})
      .finally(() => {
        this.inFlight = [];
        this.exporting = undefined;
        if (this.queue.length > 0 && !this.closed) this.schedule(this.queue.length >= this.opts.maxExportBatchSize ? 0 : this.opts.scheduleDelayMs);
      });
    return this.exporting;
  }

  private async sendWithRetry(batch: ReadableSpan[], deadline: number): Promise<void> {
    const timeout = this.exporter.destination.timeoutMs;
    let result: SendResult = { ok: false, retryable: false, reason: 'not sent' };
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      result = await this.exporter.send(batch, Math.min(timeout, left));
      if (result.ok || !result.retryable) break;
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

  private maybeReportDrops(): void {
    const now = Date.now();
    if (now - this.lastDropReport < DROP_REPORT_INTERVAL_MS) return;
    this.lastDropReport = now;
    const n = this.droppedSinceReport;
    this.droppedSinceReport = 0;
    log.warn(`export queue full (${this.opts.maxQueueSize} spans, OTEL_BSP_MAX_QUEUE_SIZE): dropped ${n} new span(s) since the last report, ${this.stats.dropped} in total`);
  }
}
