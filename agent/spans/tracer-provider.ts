// The agent's TracerProvider: the SDK's (its defaults for limits and sampler,
// forceFlush, shutdown, the shape coexistence reads) handing out ./tracer.ts
// tracers, cached per name, version and schema URL as the SDK caches its own.
import type { Tracer, TracerOptions } from '@opentelemetry/api';
import { TracerProvider, type IdGenerator, type Sampler, type SpanProcessor, type TracerProviderOptions } from '@opentelemetry/sdk-trace';
import type { Resource } from '@opentelemetry/resources';
import type { FullSpanLimits } from './span';
import { AgentTracer, type TracerSettings } from './tracer';

/** The SDK provider's resolved options (sdk-trace 3.x): what its own tracers are built from. */
interface ResolvedOptions {
  resource: Resource;
  sampler: Sampler;
  spanLimits: FullSpanLimits;
  idGenerator: IdGenerator;
}

export class AgentTracerProvider extends TracerProvider {
  readonly #settings: TracerSettings;

  constructor(config: TracerProviderOptions & { spanProcessors: SpanProcessor[] }) {
    super(config);
    const resolved = (this as unknown as { _tracerOptions: ResolvedOptions })._tracerOptions;
    this.#settings = {
      resource: resolved.resource,
      sampler: resolved.sampler,
      limits: resolved.spanLimits,
      idGenerator: resolved.idGenerator,
      processors: [...config.spanProcessors],
    };
  }

  override getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const key = `${name}@${version || ''}:${options?.schemaUrl || ''}`;
    // The SDK's own cache (its inspect output lists it).
    const tracers = (this as unknown as { _tracers: Map<string, Tracer> })._tracers;
    let tracer = tracers.get(key);
    if (!tracer) {
      tracer = new AgentTracer({ name, version, schemaUrl: options?.schemaUrl }, this.#settings);
      tracers.set(key, tracer);
    }
    return tracer;
  }
}
