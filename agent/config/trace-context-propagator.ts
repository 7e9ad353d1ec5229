// The W3C trace-context propagator, with one shortcut on the request path (issue
// 14): a context whose span the agent's own tracer started carries ids the agent
// generated (or took from a parent it already validated), so inject writes its
// traceparent without the API's two hex-validating regular expressions per
// outgoing request. Everything else (other spans, extract, fields, tracestate,
// suppressed tracing) is @opentelemetry/core's propagator unchanged.
import { trace, type Context, type TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed, W3CTraceContextPropagator } from '@opentelemetry/core';
import { AgentSpan } from '../spans/span';

export class AgentTraceContextPropagator extends W3CTraceContextPropagator {
  override inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpan(ctx);
    if (!(span instanceof AgentSpan) || isTracingSuppressed(ctx)) return super.inject(ctx, carrier, setter);
    const sc = span.spanContext();
    // The agent's tracer sets the flags to 1 or 0; anything else is formatted by core.
    if (sc.traceFlags !== 1 && sc.traceFlags !== 0) return super.inject(ctx, carrier, setter);
    setter.set(carrier, 'traceparent', `00-${sc.traceId}-${sc.spanId}-${sc.traceFlags === 1 ? '01' : '00'}`);
    if (sc.traceState) setter.set(carrier, 'tracestate', sc.traceState.serialize());
  }
}
