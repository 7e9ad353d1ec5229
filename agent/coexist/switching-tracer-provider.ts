// The provider the agent registers globally and hands to its instrumentations.
// It forwards to a target that can change at run time: the agent's own provider
// at first, the app's provider once the app registers one. Each tracer resolves
// the target's tracer at span start, so tracers handed out before the switch
// (ProxyTracers that already resolved, instrumentation tracers) follow it.
//
// The agent's own view (`agentOwned()`) also marks the spans it starts, so that
// the app's processors, once the agent has joined the app's provider, keep
// seeing exactly the spans they saw before: none of the agent's additions.
import { context, trace, type Context, type Span, type SpanOptions, type Tracer, type TracerOptions, type TracerProvider } from '@opentelemetry/api';
import type { OwningTracer } from '../spans/tracer';

let startingAgentSpan = 0;

/** True while the agent's own tracer is starting a span (span processors' onStart run inside). */
export function isStartingAgentSpan(): boolean {
  return startingAgentSpan > 0;
}

class SwitchingTracer implements Tracer {
  private resolvedFor: TracerProvider | undefined;
  private resolved: Tracer | undefined;

  constructor(
    private readonly owner: SwitchingTracerProvider,
    private readonly marks: boolean,
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

  // ownAttributes: see AgentTracer.startSpan (another tracer takes three arguments and ignores it).
  startSpan(name: string, options?: SpanOptions, ctx?: Context, ownAttributes?: boolean): Span {
    if (!this.marks) return (this.current() as OwningTracer).startSpan(name, options, ctx, ownAttributes);
    startingAgentSpan++;
    try {
      return (this.current() as OwningTracer).startSpan(name, options, ctx, ownAttributes);
    } finally {
      startingAgentSpan--;
    }
  }

  // Through startSpan, so the callback itself runs unmarked.
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length >= 2 ? (rest[0] as SpanOptions | undefined) : undefined;
    const parent = rest.length >= 3 ? ((rest[1] as Context | undefined) ?? context.active()) : context.active();
    const span = this.startSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), fn as (s: Span) => ReturnType<F>, undefined, span);
  }
}

export class SwitchingTracerProvider implements TracerProvider {
  private ownView: SwitchingTracerProvider | undefined;
  private readonly source: SwitchingTracerProvider | undefined;
  private readonly marks: boolean;
  private own: TracerProvider;

  constructor(target: TracerProvider, source?: SwitchingTracerProvider) {
    this.own = target;
    this.source = source;
    this.marks = !!source;
  }

  get target(): TracerProvider {
    return this.source ? this.source.target : this.own;
  }

  set target(t: TracerProvider) {
    if (this.source) this.source.target = t;
    else this.own = t;
  }

  /** The same switching target, for the agent's own instrumentations: their spans are marked. */
  agentOwned(): SwitchingTracerProvider {
    if (this.source) return this;
    return (this.ownView ??= new SwitchingTracerProvider(this.own, this));
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return new SwitchingTracer(this, this.marks, name, version, options);
  }
}
