// The propagator the agent registers (or wraps around the app's). Normally it
// is the configured one. When another tracer owns the trace headers — dd-trace
// (loaded before or after the agent), or Sentry's own propagator — only one side
// may write them: the other tracer keeps doing exactly what it did, and the
// agent adds nothing but the botanu baggage entries, merged into the single
// `baggage` header. Run attribution rides on run_id, not on trace ids, so it
// still crosses services.
import { propagation, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { announceDdTrace, ddTraceActive } from './dd-trace';

const BAGGAGE = 'baggage';

function existingHeader(carrier: unknown): string | undefined {
  if (!carrier || typeof carrier !== 'object') return undefined;
  for (const [k, v] of Object.entries(carrier as Record<string, unknown>)) {
    if (k.toLowerCase() !== BAGGAGE) continue;
    if (Array.isArray(v)) return v.join(',');
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function keyOf(member: string): string {
  return member.split(';')[0].split('=')[0].trim();
}

/** `existing` with our members added (ours replace members with the same key). */
export function mergeBaggage(existing: string | undefined, ours: string[]): string {
  const mine = new Set(ours.map(keyOf));
  const kept = (existing ?? '').split(',').map((m) => m.trim()).filter((m) => m && !mine.has(keyOf(m)));
  return [...kept, ...ours].join(',');
}

export class CoexistPropagator implements TextMapPropagator {
  private readonly baggageOnly = new W3CBaggagePropagator();

  constructor(
    private readonly inner: TextMapPropagator,
    private readonly botanuKeys: readonly string[],
    /** The inner propagator is another tracer's (Sentry's): it runs as before, the agent only adds baggage. */
    private readonly innerIsVendors = false,
  ) {}

  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    if (this.innerIsVendors) this.inner.inject(ctx, carrier, setter);
    else if (!ddTraceActive()) return this.inner.inject(ctx, carrier, setter);
    else announceDdTrace();
    const bag = propagation.getBaggage(ctx);
    if (!bag) return;
    const ours: string[] = [];
    const entries: Record<string, string> = {};
    for (const key of this.botanuKeys) {
      const v = bag.getEntry(key)?.value;
      if (!v) continue;
      ours.push(`${key}=${encodeURIComponent(v)}`);
      entries[key] = v;
    }
    if (ours.length === 0) return;
    if (ddTraceActive()) shareWithDdTrace(entries);
    setter.set(carrier, BAGGAGE, mergeBaggage(existingHeader(carrier), ours));
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (this.innerIsVendors) return this.baggageOnly.extract(this.inner.extract(ctx, carrier, getter), carrier, getter);
    if (!ddTraceActive()) return this.inner.extract(ctx, carrier, getter);
    return this.baggageOnly.extract(ctx, carrier, getter);
  }

  fields(): string[] {
    return this.inner.fields();
  }
}

/**
 * dd-trace v6 writes `baggage` from its own baggage store, possibly after the
 * agent did (then its header replaces ours). Giving it our entries through its
 * public API makes its header carry them too, whichever side writes last.
 */
function shareWithDdTrace(entries: Record<string, string>): void {
  try {
    const tracer = (globalThis as { _ddtrace?: { getAllBaggageItems?: () => Record<string, string> | undefined; setBaggageItem?: (k: string, v: string) => unknown } })._ddtrace;
    if (!tracer?.setBaggageItem) return;
    const current = tracer.getAllBaggageItems?.() ?? {};
    for (const [k, v] of Object.entries(entries)) if (current[k] !== v) tracer.setBaggageItem(k, v);
  } catch {
    /* dd-trace's API changed: the merged header above still carries the entries */
  }
}
