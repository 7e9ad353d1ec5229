// Public API: gives an existing processor (say, an exporter pipeline to another
// vendor) the same per-trace decisions a TraceIdRatioBased(ratio) sampler would
// make, while the provider itself records everything for botanu. onStart,
// onEnding and onEnd are gated alike, so the wrapped processor sees whole traces.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ratioUpperBound, traceIdInRatio } from './trace-id-ratio';

export class SampledSpanProcessor implements SpanProcessor {
  private readonly upperBound: number;

  constructor(
    private readonly processor: SpanProcessor,
    readonly ratio: number,
  ) {
    this.upperBound = ratioUpperBound(ratio);
  }

  private selected(span: ReadableSpan): boolean {
    return traceIdInRatio(span.spanContext().traceId, this.upperBound);
  }

  onStart(span: Span, parentContext: Context): void {
    if (this.selected(span)) this.processor.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    const p = this.processor as SpanProcessor & { onEnding?: (s: Span) => void };
    if (p.onEnding && this.selected(span)) p.onEnding(span);
  }

  onEnd(span: ReadableSpan): void {
    if (this.selected(span)) this.processor.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.processor.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.processor.shutdown();
  }
}
