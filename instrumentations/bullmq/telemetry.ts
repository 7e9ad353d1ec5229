// An implementation of BullMQ's own `Telemetry` interface (the `telemetry`
// option of Queue, Worker and FlowProducer) on the OpenTelemetry API. BullMQ
// carries what getMetadata() returns inside the job, in Redis, and hands it to
// fromMetadata() in the worker: that is how the run crosses from `queue.add` to
// the processor. Only producer and consumer operations become spans; BullMQ's
// internal bookkeeping (getNextJob, stalled checks, close...) makes none.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import * as S from './semconv';

type AttributeValue = Attributes[string];

/** BullMQ's span interface, over an OpenTelemetry span (or none, for internal operations). */
export class BullMQSpan {
  constructor(
    private readonly span: Span | undefined,
    /** A consumer span's context comes from the job, never from the worker's ambient context. */
    private readonly base: Context | undefined,
  ) {}

  setSpanOnContext(ctx: Context): Context {
    if (!this.span) return ctx;
    return trace.setSpan(this.base ?? ctx, this.span);
  }

  setAttribute(key: string, value: AttributeValue): void {
    this.setAttributes({ [key]: value });
  }

  setAttributes(attributes: Attributes): void {
    if (!this.span || !attributes) return;
    const out: Attributes = {};
    for (const [k, v] of Object.entries(attributes)) {
      if (k === S.BULLMQ_JOB_RESULT || v === undefined) continue;
      out[k] = v;
      if (k === S.BULLMQ_QUEUE_NAME) out[S.ATTR_MESSAGING_DESTINATION_NAME] = v;
      else if (k === S.BULLMQ_QUEUE_OPERATION) out[S.ATTR_MESSAGING_OPERATION_NAME] = v;
      else if (k === S.BULLMQ_JOB_ID) out[S.ATTR_MESSAGING_MESSAGE_ID] = v;
    }
    this.span.setAttributes(out);
  }

  addEvent(name: string, attributes?: Attributes, time?: number): void {
    this.span?.addEvent(name, attributes, time);
  }

  recordException(exception: unknown, time?: number): void {
    if (!this.span) return;
    const e = exception instanceof Error ? exception : new Error(String(exception));
    this.span.recordException(e, time);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  }

  end(): void {
    this.span?.end();
  }
}

const NO_SPAN = new BullMQSpan(undefined, undefined);

export class BullMQTracer {
  constructor(private readonly getTracer: () => Tracer) {}

  startSpan(name: string, options?: { kind?: number }, ctx?: Context): BullMQSpan {
    const kind = options?.kind;
    if (kind === S.BULLMQ_SPAN_KIND.PRODUCER) {
      const span = this.getTracer().startSpan(name, { kind: SpanKind.PRODUCER, attributes: messaging('send') }, ctx ?? context.active());
      return new BullMQSpan(span, undefined);
    }
    if (kind === S.BULLMQ_SPAN_KIND.CONSUMER) {
      // No context in the job (added without the agent): a fresh trace, with no run.
      const base = ctx ?? ROOT_CONTEXT;
      const span = this.getTracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes: messaging('process') }, base);
      return new BullMQSpan(span, base);
    }
    return NO_SPAN;
  }
}

function messaging(operationType: string): Attributes {
  return { [S.ATTR_MESSAGING_SYSTEM]: S.MESSAGING_SYSTEM_VALUE_BULLMQ, [S.ATTR_MESSAGING_OPERATION_TYPE]: operationType };
}

export class BullMQContextManager {
  with<A extends (...args: unknown[]) => unknown>(ctx: Context, fn: A): ReturnType<A> {
    return context.with(ctx, fn as () => ReturnType<A>);
  }

  active(): Context {
    return context.active();
  }

  root(): Context {
    return ROOT_CONTEXT;
  }

  /** traceparent + baggage (the run) of `ctx`, as the JSON string BullMQ stores in the job. */
  getMetadata(ctx: Context): string {
    const carrier: Record<string, string> = {};
    propagation.inject(ctx, carrier);
    return JSON.stringify(carrier);
  }

  /** The job's context alone: the worker's ambient context (and any run in it) is not mixed in. */
  fromMetadata(_active: Context, metadata: string): Context {
    try {
      const carrier = JSON.parse(metadata);
      return carrier && typeof carrier === 'object' ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
    } catch {
      return ROOT_CONTEXT;
    }
  }
}

export function createTelemetry(getTracer: () => Tracer) {
  return { tracer: new BullMQTracer(getTracer), contextManager: new BullMQContextManager() };
}
