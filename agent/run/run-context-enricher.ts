// Copies the botanu run context from W3C baggage onto every span at start, so
// an intermediate service with no code change still attributes its work to the run.
import { propagation, trace, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { LOCAL_ROOT, MAX_ATTRIBUTE_VALUE_LENGTH, RUN_CONTEXT_KEYS } from './attributes';

export class RunContextEnricher implements SpanProcessor {
  private readonly keys: readonly string[];

  constructor(keys: readonly string[] = RUN_CONTEXT_KEYS) {
    this.keys = keys;
  }

  onStart(span: Span, parentContext: Context): void {
    // The SDK does not guard processors: a throw here would surface in the app's span creation.
    try {
      this.enrich(span, parentContext);
    } catch {
      /* a span without run attributes beats a broken request */
    }
  }

  private enrich(span: Span, parentContext: Context): void {
    // Remember each span's local root (e.g. the HTTP server span), so that a run
    // started deep inside a request can stamp the request's own span too.
    const parent = trace.getSpan(parentContext) as (Span & { [LOCAL_ROOT]?: Span }) | undefined;
    if (parent && !parent.spanContext().isRemote) (span as Span & { [LOCAL_ROOT]?: Span })[LOCAL_ROOT] = parent[LOCAL_ROOT] ?? parent;
    const baggage = propagation.getBaggage(parentContext);
    if (!baggage) return; // the common case costs one context lookup, nothing else
    const existing = span.attributes;
    for (const key of this.keys) {
      const entry = baggage.getEntry(key);
      if (!entry || !entry.value || existing[key] !== undefined) continue;
      const v = entry.value;
      span.setAttribute(key, v.length > MAX_ATTRIBUTE_VALUE_LENGTH ? v.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH) : v);
    }
  }

  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
