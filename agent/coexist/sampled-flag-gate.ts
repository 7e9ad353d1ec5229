// Wraps an app's span processor when the agent attaches to the app's provider:
// the provider now also records spans the app's sampler dropped (unsampled), and
// a processor that does not check the sampled flag itself would start seeing
// them. Behind this gate it sees exactly what it saw before: sampled spans
// only, and none of the spans the agent's own instrumentations add.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { isStartingAgentSpan } from './switching-tracer-provider';

const SAMPLED = 1;
export const GATED = Symbol.for('botanu.coexist.sampled-flag-gate');

// Spans the agent's instrumentations started (shared by every gate).
const agentSpans = new WeakSet<object>();

/** Remembers a span the agent's own tracer is starting (called first in the provider's processor list). */
export function markIfAgentSpan(span: object): void {
  if (isStartingAgentSpan()) agentSpans.add(span);
}

/** What the app's own processors get: sampled spans that are not the agent's additions. */
export function appSees(span: ReadableSpan): boolean {
  return (span.spanContext().traceFlags & SAMPLED) === SAMPLED && !agentSpans.has(span);
}
const sampled = appSees;

export class SampledFlagGate implements SpanProcessor {
  readonly [GATED] = true;

  constructor(readonly inner: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    markIfAgentSpan(span);
    if (sampled(span)) this.inner.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    const p = this.inner as SpanProcessor & { onEnding?: (s: Span) => void };
    if (p.onEnding && sampled(span)) p.onEnding(span);
  }

  onEnd(span: ReadableSpan): void {
    if (sampled(span)) this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
