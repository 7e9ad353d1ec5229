// A version-checked view of an OpenTelemetry SDK TracerProvider built by any
// copy of the SDK the app loaded. There are no public getters for the sampler
// or the processors, so this reads the internals, by duck typing (each OTel
// package pins its own sibling versions, so `instanceof` never matches):
//   3.x and 2.9+: `_tracerOptions.sampler`, `_activeSpanProcessor._spanProcessors`, `_tracers`
//   2.0 - 2.8:    `_config.sampler`,         `_activeSpanProcessor._spanProcessors`, `_tracers`
// Each Tracer copies the sampler at creation, so existing tracers are updated too;
// the processor array is shared by every tracer, so pushing into it reaches all.
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface SdkProviderView {
  provider: object;
  getSampler(): Sampler;
  /** Sets the sampler for future and already created tracers. */
  setSampler(s: Sampler): void;
  /** The live array every tracer's span processor iterates. */
  processors: SpanProcessor[];
}

interface ProviderShape {
  _tracerOptions?: { sampler?: Sampler };
  _config?: { sampler?: Sampler };
  _activeSpanProcessor?: { _spanProcessors?: SpanProcessor[] };
  _tracers?: Map<string, { _sampler?: Sampler }>;
}

function isSampler(s: unknown): s is Sampler {
  return !!s && typeof (s as Sampler).shouldSample === 'function';
}

/** The view, or undefined when `p` is not an SDK provider this agent knows how to attach to. */
export function sdkProviderView(p: unknown): SdkProviderView | undefined {
  if (!p || typeof p !== 'object') return undefined;
  const shape = p as ProviderShape;
  const opts = shape._tracerOptions ?? shape._config;
  const processors = shape._activeSpanProcessor?._spanProcessors;
  if (!opts || !isSampler(opts.sampler) || !Array.isArray(processors)) return undefined;
  if (!(shape._tracers instanceof Map)) return undefined;
  return {
    provider: p,
    processors,
    getSampler: () => opts.sampler as Sampler,
    setSampler(s: Sampler) {
      opts.sampler = s;
      for (const t of shape._tracers!.values()) if (t && typeof t === 'object' && '_sampler' in t) t._sampler = s;
    },
  };
}
