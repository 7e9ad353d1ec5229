// The agent's tracer: the SDK 3.x Tracer's startSpan (suppression, `root`, the
// parent's trace, the sampler's decision and attributes, the limits) making
// ./span.ts spans. A parent started by this tracer is known valid without the
// API's hex checks; attributes are cleaned once when the sampler added none and
// every value already fits the limits (the second cleaning could only copy).
import { context, INVALID_SPAN_CONTEXT, SamplingDecision, SpanKind, trace, TraceFlags, type Attributes, type Context, type Link, type Span, type SpanContext, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { cleanAttributes, isTracingSuppressed, type InstrumentationScope } from '@opentelemetry/core';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace';
import { AgentSpan, type FullSpanLimits, type SpanShared } from './span';
import { traceIdChunks, type IdChunks } from '../start/span-ids';

// What the sampler sees for a span without links (the SDK passes an empty array).
const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];
const NO_LIMITS = { attributeCountLimit: Infinity, attributeValueLengthLimit: Infinity };
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * A sampler whose decision depends on nothing but the parent's span context (the
 * agent's parent-based and always-on ones, agent/config/sampler.ts): asked
 * directly, with the parent already known valid, it makes no result object and
 * repeats no check. Its shouldSample must decide the same.
 */
export interface DecidedByParent {
  decideByParent(validParent: SpanContext | undefined): SamplingDecision;
}

export interface TracerSettings extends SpanShared {
  readonly sampler: Sampler;
  readonly idGenerator: IdGenerator;
}

/**
 * How many attributes, or -1 when one is over the limits (count or length), not
 * a string, number or boolean (undefined included: it is dropped), or under an
 * empty key. Run on the app's start attributes, a count means the span can take
 * a plain clone of them; -1 sends them through the general cleaning.
 */
function countWithinLimits(attributes: Attributes, limits: FullSpanLimits): number {
  const max = limits.attributeValueLengthLimit;
  if (!(max > 0)) return -1;
  let n = 0;
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    if (++n > limits.attributeCountLimit || key.length === 0) return -1;
    const v = attributes[key];
    const t = typeof v;
    if (t === 'string' ? (v as string).length > max : t !== 'number' && t !== 'boolean') return -1;
  }
  return n;
}

/**
 * A copy of the attributes as the SDK's first cleaning (no limits) makes it, when
 * every defined value is a string, number or boolean under a non-empty key (the
 * common case: no wrapper object, no per-value validation); undefined otherwise.
 */
function primitiveCopy(input: Attributes | undefined): Attributes | undefined {
  const out: Attributes = {};
  if (input == null || typeof input !== 'object') return out;
  for (const key in input) {
    if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
    const v = input[key];
    if (v === undefined) continue;
    const t = typeof v;
    if (key.length === 0 || (t !== 'string' && t !== 'number' && t !== 'boolean')) return undefined;
    out[key] = v;
  }
  return out;
}

function ownKeyCount(attributes: Attributes): number {
  let n = 0;
  for (const key in attributes) if (Object.prototype.hasOwnProperty.call(attributes, key)) n++;
  return n;
}

/** A tracer that may be told the start attributes are the span's alone (AgentTracer, SwitchingTracer). */
export interface OwningTracer extends Tracer {
  startSpan(name: string, options?: SpanOptions, ctx?: Context, ownAttributes?: boolean): Span;
}

/**
 * Starts a span whose `options.attributes` the caller built for it and will not
 * use again: the agent's tracer keeps that object rather than a copy of it (one
 * object fewer per span; any other tracer copies as usual).
 */
export function startSpanOwningAttributes(tracer: Tracer, name: string, options: SpanOptions, ctx: Context): Span {
  return (tracer as OwningTracer).startSpan(name, options, ctx, true);
}

export class AgentTracer implements Tracer {
  readonly instrumentationScope: InstrumentationScope;
  readonly #settings: TracerSettings;
  /** The bytes of the id the generator made last, when it is the agent's own (agent/start/span-ids.ts). */
  readonly #lastId: IdChunks | undefined;

  constructor(scope: InstrumentationScope, settings: TracerSettings) {
    this.instrumentationScope = scope;
    this.#settings = settings;
    this.#lastId = (settings.idGenerator as { last?: IdChunks }).last;
  }

  /**
   * `ownAttributes`: the caller made `options.attributes` for this span alone and
   * never touches it again (the agent's instrumentations, through
   * startSpanOwningAttributes), so the span keeps that object instead of a copy.
   */
  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active(), ownAttributes = false): Span {
    if (options.root) ctx = trace.deleteSpan(ctx);
    const parentSpan = trace.getSpan(ctx);
    if (isTracingSuppressed(ctx)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const settings = this.#settings;
    const parentSpanContext = parentSpan?.spanContext();
    // A parent made by this tracer: known valid, and its ids' bytes are on it.
    const agentParent = parentSpan instanceof AgentSpan ? parentSpan : undefined;
    const spanId = settings.idGenerator.generateSpanId();
    const lastId = this.#lastId;
    const id0 = lastId === undefined ? -1 : lastId.c0;
    const id1 = lastId === undefined ? 0 : lastId.c1;
    const id2 = lastId === undefined ? 0 : lastId.c2;
    let validParent: SpanContext | undefined;
    let traceId: string;
    let traceIdBytes: IdChunks | undefined;
    let traceState = undefined as SpanContext['traceState'];
    if (parentSpanContext && (agentParent !== undefined || trace.isSpanContextValid(parentSpanContext))) {
      traceId = parentSpanContext.traceId;
      traceState = parentSpanContext.traceState;
      validParent = parentSpanContext;
      if (agentParent !== undefined) traceIdBytes = AgentSpan.traceIdBytesOf(agentParent);
      else if (lastId !== undefined) traceIdBytes = traceIdChunks(traceId);
    } else {
      traceId = settings.idGenerator.generateTraceId();
      if (lastId !== undefined) traceIdBytes = { ...lastId };
    }
    const kind = options.kind ?? SpanKind.INTERNAL;
    const limits = settings.limits;
    let links: Link[] | undefined;
    if (options.links && options.links.length > 0) {
      const linkLimits = { attributeCountLimit: limits.attributePerLinkCountLimit, attributeValueLengthLimit: limits.attributeValueLengthLimit };
      links = options.links.map((link) => ({ context: link.context, ...cleanAttributes(link.attributes, linkLimits) }));
    }
    // One pass that only reads, then one clone: an object spread copies a fast-mode
    // object's properties in one step (V8's CloneObjectIC), where a store per key
    // goes through the megamorphic keyed-store stub (many keys, many shapes), and
    // the clone keeps the source's in-object slots for what setAttribute adds later.
    // An object the caller handed over (ownAttributes) is kept as it is: no clone at all.
    const input = options.attributes;
    const known = input == null ? 0 : typeof input === 'object' ? countWithinLimits(input, limits) : -1;
    let attributes = known > 0 ? (ownAttributes ? (input as Attributes) : { ...input }) : known === 0 ? {} : primitiveCopy(input);
    let dropped = 0;
    if (attributes === undefined) {
      const first = cleanAttributes(options.attributes, NO_LIMITS);
      attributes = first.attributes ?? {};
      dropped = first.droppedAttributesCount ?? 0;
    }
    const sampler = settings.sampler as Sampler & Partial<DecidedByParent>;
    let decision: SamplingDecision;
    let samplerAttributes: Attributes | undefined;
    if (sampler.decideByParent !== undefined) decision = sampler.decideByParent(validParent);
    else {
      const sampling = sampler.shouldSample(ctx, traceId, name, kind, attributes, links ?? NO_LINKS);
      decision = sampling.decision;
      samplerAttributes = sampling.attributes;
      traceState = sampling.traceState ?? traceState;
    }
    const spanContext: SpanContext = {
      traceId,
      spanId,
      traceFlags: decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState,
    };
    if (decision === SamplingDecision.NOT_RECORD) return trace.wrapSpanContext(spanContext);
    let count = samplerAttributes != null ? -1 : known >= 0 ? known : countWithinLimits(attributes, limits);
    let kept = attributes;
    if (count < 0) {
      const second = cleanAttributes(Object.assign(attributes, samplerAttributes), limits);
      kept = second.attributes ?? {};
      dropped += second.droppedAttributesCount ?? 0;
      count = ownKeyCount(kept);
    }
    const span = new AgentSpan(settings, this.instrumentationScope, spanContext, validParent, name, kind, kept, count, dropped, links, options.startTime, ctx);
    AgentSpan.setIdBytes(span, traceIdBytes, id0, id1, id2, agentParent);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, opts: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, opts: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, arg2?: F | SpanOptions, arg3?: F | Context, arg4?: F): ReturnType<F> | undefined {
    let opts: SpanOptions | undefined;
    let ctx: Context | undefined;
    let fn: F;
    if (arguments.length < 2) return undefined;
    if (arguments.length === 2) fn = arg2 as F;
    else if (arguments.length === 3) {
      opts = arg2 as SpanOptions;
      fn = arg3 as F;
    } else {
      opts = arg2 as SpanOptions;
      ctx = arg3 as Context;
      fn = arg4 as F;
    }
    const parent = ctx ?? context.active();
    const span = this.startSpan(name, opts, parent);
    return context.with(trace.setSpan(parent, span), fn as (s: Span) => ReturnType<F>, undefined, span);
  }

  [inspectCustom](): unknown {
    return { instrumentationScope: this.instrumentationScope, spanLimits: this.#settings.limits };
  }
}
