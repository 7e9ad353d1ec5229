// Copies the botanu run context from W3C baggage onto every span at start, so
// an intermediate service with no code change still attributes its work to the run.
import { propagation, trace, type Baggage, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { LOCAL_ROOT, MAX_ATTRIBUTE_VALUE_LENGTH, RUN_CONTEXT_KEYS } from './attributes';

// The API's own baggage class (what the propagators extract and createBaggage
// makes): immutable, setEntry/removeEntry return a new object, so what a span
// gets from one can be worked out once and reused by every span under it.
// Baggage of any other class (an app's own API copy or implementation) is read
// entry by entry for each span, as before.
const API_BAGGAGE_CLASS: unknown = propagation.createBaggage().constructor;

/** The attributes a baggage gives each span: [key, value] pairs, values already truncated. */
type Stamp = readonly (readonly [string, string])[];

export class RunContextEnricher implements SpanProcessor {
  private readonly keys: readonly string[];
  private readonly stamps = new WeakMap<Baggage, Stamp>();

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
    let stamp = baggage.constructor === API_BAGGAGE_CLASS ? this.stamps.get(baggage) : undefined;
    if (!stamp) {
      stamp = this.stampOf(baggage);
      if (baggage.constructor === API_BAGGAGE_CLASS) this.stamps.set(baggage, stamp);
    }
    const existing = span.attributes;
    for (let i = 0; i < stamp.length; i++) {
      const [key, value] = stamp[i];
      if (existing[key] === undefined) span.setAttribute(key, value);
    }
  }

  private stampOf(baggage: Baggage): Stamp {
    const out: (readonly [string, string])[] = [];
    for (const key of this.keys) {
      const entry = baggage.getEntry(key);
      if (!entry || !entry.value) continue;
      const v = entry.value;
      out.push([key, v.length > MAX_ATTRIBUTE_VALUE_LENGTH ? v.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH) : v]);
    }
    return out;
  }

  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
