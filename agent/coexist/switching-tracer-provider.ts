// The provider the agent registers globally and hands to its instrumentations.
// It forwards to a target that can change at run time: the agent's own provider
// at first, the app's provider once the app registers one. Each tracer resolves
// the target's tracer at span start, so tracers handed out before the switch
// (ProxyTracers that already resolved, instrumentation tracers) follow it.
import type { Context, Span, SpanOptions, Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';

class SwitchingTracer implements Tracer {
  private resolvedFor: TracerProvider | undefined;
  private resolved: Tracer | undefined;

  constructor(
    private readonly owner: SwitchingTracerProvider,
    private readonly name: string,
    private readonly version?: string,
    private readonly options?: TracerOptions,
  ) {}

  private current(): Tracer {
    const target = this.owner.target;
    if (target !== this.resolvedFor || !this.resolved) {
      this.resolved = target.getTracer(this.name, this.version, this.options);
      this.resolvedFor = target;
    }
    return this.resolved;
  }

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this.current().startSpan(name, options, context);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const t = this.current() as unknown as { startActiveSpan(...args: unknown[]): ReturnType<F> };
    return t.startActiveSpan(name, ...rest);
  }
}

export class SwitchingTracerProvider implements TracerProvider {
  constructor(public target: TracerProvider) {}

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return new SwitchingTracer(this, name, version, options);
  }
}
