// The agent's span: the OpenTelemetry API's Span and the SDK's ReadableSpan, with
// the SDK 3.x SpanImpl's behaviour (limits, diag messages, times, the processors'
// onStart / onEnding / onEnd), and less made per span (issue 14): a span with
// no events, links or status shares one frozen empty value for each; its start
// and end are one array each (./span-time.ts); its duration is worked out when
// read; a string, number or boolean attribute is stored without the general
// validation; no span metrics. The processor, limits and resource stay #private,
// so util.inspect of an app's object holding a span prints the span's own data.
import { diag, SpanStatusCode, type Attributes, type AttributeValue, type Context, type Exception, type HrTime, type Link, type Span, type SpanContext, type SpanKind, type SpanStatus, type TimeInput } from '@opentelemetry/api';
import { AddAttributeDecision, cleanAttributes, cleanSimpleAttributes, hrTime, isTimeInput, isTimeInputHrTime, maybeAddAttribute, type InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan, SpanLimits, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace';
import type { Resource } from '@opentelemetry/resources';
import { LOCAL_ROOT } from '../run/attributes';
import { addMillis, endsBeforeStart, hrDuration, millisToHr } from './span-time';
import type { IdChunks } from '../start/span-ids';

/** The span limits with every field set (the SDK provider's defaults filled in). */
export type FullSpanLimits = Required<SpanLimits>;

/** The span processors, called in order as the SDK's MultiSpanProcessor does (indexed loops: no iterator per call). */
export type Processors = readonly SpanProcessor[];

const NO_EVENTS: TimedEvent[] = Object.freeze([]) as unknown as TimedEvent[];
const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NOT_ENDED: HrTime = Object.freeze([0, 0]) as unknown as HrTime;
const NO_DURATION: HrTime = Object.freeze([-1, -1]) as unknown as HrTime;
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** A span's ids' bytes as AgentSpan.idBytes reports them (id0 and parentId0 < 0: not known; traceId undefined: not known). */
export interface SpanIdBytes {
  traceId: IdChunks | undefined;
  id0: number;
  id1: number;
  id2: number;
  parentId0: number;
  parentId1: number;
  parentId2: number;
}

/** What every span of a provider shares: the tracer settings a span needs after its start. */
export interface SpanShared {
  readonly resource: Resource;
  readonly limits: FullSpanLimits;
  readonly processors: Processors;
}

export class AgentSpan implements Span, ReadableSpan {
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly attributes: Attributes;
  readonly instrumentationScope: InstrumentationScope;
  readonly startTime: HrTime;
  links: Link[] = NO_LINKS;
  events: TimedEvent[] = NO_EVENTS;
  name: string;
  status: SpanStatus = UNSET;
  endTime: HrTime = NOT_ENDED;
  /** The span's local root, set by the run-context enricher at start: a slot of its own, not a property added later. */
  [LOCAL_ROOT]: Span | undefined = undefined;
  // The ids' bytes as the agent's id generator made them (agent/start/span-ids.ts), set by the
  // tracer (setIdBytes), so the OTLP encoder does not decode the hex again (idBytes): the trace
  // id's (shared by this service's spans of the trace), this span's id (#id0 < 0: not known) and
  // its parent's when the parent is one of these spans (#parentId0 < 0: not known). #private: the
  // app's util.inspect and assertion diffs of its objects holding a span print none of them.
  #traceIdBytes: IdChunks | undefined = undefined;
  #id0 = -1;
  #id1 = 0;
  #id2 = 0;
  #parentId0 = -1;
  #parentId1 = 0;
  #parentId2 = 0;
  private readonly _spanContext: SpanContext;
  private _ended = false;
  private _attributesCount: number;
  private _droppedAttributesCount: number;
  private _droppedEventsCount = 0;
  private _droppedLinksCount = 0;
  /** performance.now() at start: the end is start + the monotonic time since (as the SDK's anchored times). */
  private readonly _performanceStart: number;
  /** Date.now() at start: anchors times given as performance.now() readings. */
  private readonly _wallStart: number;
  private readonly _startTimeProvided: boolean;
  readonly #shared: SpanShared;

  /**
   * Positional, for the tracer only (no options object per span). `attributes`
   * must be cleaned already (the tracer cleaned them for the sampler), and
   * `attributesCount` be their number.
   */
  constructor(
    shared: SpanShared,
    scope: InstrumentationScope,
    spanContext: SpanContext,
    parentSpanContext: SpanContext | undefined,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    attributesCount: number,
    droppedAttributesCount: number,
    links: Link[] | undefined,
    startTime: TimeInput | undefined,
    parentContext: Context,
  ) {
    const now = Date.now();
    this._wallStart = now;
    this._performanceStart = performance.now();
    this._spanContext = spanContext;
    this._startTimeProvided = startTime != null;
    this.#shared = shared;
    this.name = name;
    this.parentSpanContext = parentSpanContext;
    this.kind = kind;
    this.instrumentationScope = scope;
    this.startTime = startTime == null ? millisToHr(now) : this.timeOf(startTime);
    if (links && links.length > 0) {
      const limit = shared.limits.linkCountLimit;
      if (links.length > limit) {
        this.links = links.slice(links.length - limit);
        this._droppedLinksCount = links.length - limit;
      } else this.links = links;
    }
    this.attributes = attributes;
    this._attributesCount = attributesCount;
    this._droppedAttributesCount = droppedAttributesCount;
    const processors = shared.processors;
    for (let i = 0; i < processors.length; i++) processors[i].onStart(this as unknown as Parameters<SpanProcessor['onStart']>[0], parentContext);
  }

  /** For the tracer, right after it made `span`: its ids' bytes, and its parent's id's when `parent` is one of these spans. */
  static setIdBytes(span: AgentSpan, traceIdBytes: IdChunks | undefined, id0: number, id1: number, id2: number, parent: AgentSpan | undefined): void {
    span.#traceIdBytes = traceIdBytes;
    span.#id0 = id0;
    span.#id1 = id1;
    span.#id2 = id2;
    if (parent !== undefined) {
      span.#parentId0 = parent.#id0;
      span.#parentId1 = parent.#id1;
      span.#parentId2 = parent.#id2;
    }
  }

  /** The trace id's bytes a span of this trace carries (undefined: not known). */
  static traceIdBytesOf(span: AgentSpan): IdChunks | undefined {
    return span.#traceIdBytes;
  }

  /** For the encoder: whether `span` is one of these spans with its id's bytes known, and then its ids' bytes in `out`. */
  static idBytes(span: object, out: SpanIdBytes): boolean {
    if (!(#id0 in span) || (span as AgentSpan).#id0 < 0) return false;
    const s = span as AgentSpan;
    out.traceId = s.#traceIdBytes;
    out.id0 = s.#id0;
    out.id1 = s.#id1;
    out.id2 = s.#id2;
    out.parentId0 = s.#parentId0;
    out.parentId1 = s.#parentId1;
    out.parentId2 = s.#parentId2;
    return true;
  }

  get resource(): Resource {
    return this.#shared.resource;
  }

  spanContext(): SpanContext {
    return this._spanContext;
  }

  setAttribute(key: string, value?: AttributeValue): this {
    if (this._ended) return this.warnEnded();
    const t = typeof value;
    if (typeof key === 'string' && key.length > 0 && (t === 'string' || t === 'number' || t === 'boolean')) {
      // The common case, decided as maybeAddAttribute would: a valid key and a primitive value.
      const attributes = this.attributes as Record<string, AttributeValue>;
      const limits = this.#shared.limits;
      if (!Object.hasOwn(attributes, key)) {
        if (this._attributesCount >= limits.attributeCountLimit) return this.dropAttribute();
        this._attributesCount++;
      }
      const max = limits.attributeValueLengthLimit;
      attributes[key] = t === 'string' && max > 0 && (value as string).length > max ? (value as string).substring(0, max) : (value as AttributeValue);
      return this;
    }
    const decision = maybeAddAttribute({ key, value, attributes: this.attributes, limits: this.#shared.limits, currentAttributesCount: this._attributesCount });
    if (decision === AddAttributeDecision.DROP_LIMIT_REACHED) return this.dropAttribute();
    if (decision === AddAttributeDecision.ADD_NEW) this._attributesCount++;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) if (Object.prototype.hasOwnProperty.call(attributes, key)) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, timeStamp?: TimeInput): this {
    if (this._ended) return this.warnEnded();
    const limits = this.#shared.limits;
    const limit = limits.eventCountLimit;
    if (limit === 0) {
      diag.warn('No events allowed.');
      this._droppedEventsCount++;
      return this;
    }
    if (this.events === NO_EVENTS) this.events = [];
    if (this.events.length >= limit) {
      if (this._droppedEventsCount === 0) diag.debug('Dropping extra events.');
      this.events.shift();
      this._droppedEventsCount++;
    }
    let attributes = attributesOrStartTime;
    if (isTimeInput(attributesOrStartTime)) {
      if (!isTimeInput(timeStamp)) timeStamp = attributesOrStartTime;
      attributes = undefined;
    }
    const cleaned = cleanSimpleAttributes(attributes as Attributes | undefined, { attributeCountLimit: limits.attributePerEventCountLimit, attributeValueLengthLimit: limits.attributeValueLengthLimit });
    this.events.push({ name, time: this.timeOf(timeStamp), ...cleaned });
    return this;
  }

  addLink(link: Link): this {
    if (this._ended) return this.warnEnded();
    const limits = this.#shared.limits;
    if (limits.linkCountLimit === 0) {
      this._droppedLinksCount++;
      return this;
    }
    if (this.links === NO_LINKS) this.links = [];
    if (this.links.length >= limits.linkCountLimit) {
      if (this._droppedLinksCount === 0) diag.debug('Dropping extra links.');
      this.links.shift();
      this._droppedLinksCount++;
    }
    this.links.push({ context: link.context, ...cleanAttributes(link.attributes, { attributeCountLimit: limits.attributePerLinkCountLimit, attributeValueLengthLimit: limits.attributeValueLengthLimit }) });
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this._ended) return this.warnEnded();
    if (status.code === SpanStatusCode.UNSET) return this;
    if (this.status.code === SpanStatusCode.OK) return this;
    const next: SpanStatus = { code: status.code };
    if (status.code === SpanStatusCode.ERROR) {
      if (typeof status.message === 'string') next.message = status.message;
      else if (status.message != null) diag.warn(`Dropping invalid status.message of type '${typeof status.message}', expected 'string'`);
    }
    this.status = next;
    return this;
  }

  updateName(name: string): this {
    if (this._ended) return this.warnEnded();
    this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this._ended) {
      diag.error(`${this.name} ${this._spanContext.traceId}-${this._spanContext.spanId} - You can only call end() on a span once.`);
      return;
    }
    let end = endTime == null && !this._startTimeProvided ? addMillis(this.startTime, performance.now() - this._performanceStart) : this.timeOf(endTime);
    if (endsBeforeStart(this.startTime, end)) {
      diag.warn('Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.', this.startTime, end);
      end = [this.startTime[0], this.startTime[1]];
    }
    this.endTime = end;
    if (this._droppedEventsCount > 0) diag.warn(`Dropped ${this._droppedEventsCount} events because eventCountLimit reached`);
    if (this._droppedLinksCount > 0) diag.warn(`Dropped ${this._droppedLinksCount} links because linkCountLimit reached`);
    const processors = this.#shared.processors;
    const readable = this as unknown as ReadableSpan & Span;
    for (let i = 0; i < processors.length; i++) {
      const p = processors[i] as SpanProcessor & { onEnding?: (s: Span) => void };
      if (p.onEnding) p.onEnding(readable);
    }
    this._ended = true;
    for (let i = 0; i < processors.length; i++) processors[i].onEnd(readable);
  }

  isRecording(): boolean {
    return this._ended === false;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent('exception', attributes, time);
    else diag.warn(`Failed to record an exception ${exception}`);
  }

  get duration(): HrTime {
    return this._ended ? hrDuration(this.startTime, this.endTime) : NO_DURATION;
  }

  get ended(): boolean {
    return this._ended;
  }

  get droppedAttributesCount(): number {
    return this._droppedAttributesCount;
  }

  get droppedEventsCount(): number {
    return this._droppedEventsCount;
  }

  get droppedLinksCount(): number {
    return this._droppedLinksCount;
  }

  /** A TimeInput as HrTime, as the SDK's SpanImpl._getTime does. */
  private timeOf(input: TimeInput | undefined): HrTime {
    if (typeof input === 'number' && input <= performance.now()) {
      // A performance.now() reading: anchored to this span's wall clock at start.
      return hrTime(input + (this._wallStart - (this._performanceStart + performance.timeOrigin)));
    }
    if (typeof input === 'number') return millisToHr(input);
    if (input instanceof Date) return millisToHr(input.getTime());
    if (isTimeInputHrTime(input)) return input as HrTime;
    if (this._startTimeProvided) return millisToHr(Date.now());
    return addMillis(this.startTime, performance.now() - this._performanceStart);
  }

  private dropAttribute(): this {
    this._droppedAttributesCount++;
    if (this._droppedAttributesCount === 1) diag.warn('Dropping extra attributes.');
    return this;
  }

  private warnEnded(): this {
    const { traceId, spanId } = this._spanContext;
    diag.warn(`Cannot execute the operation on ended Span {traceId: ${traceId}, spanId: ${spanId}}`, new Error(`Operation attempted on ended Span {traceId: ${traceId}, spanId: ${spanId}}`));
    return this;
  }

  [inspectCustom](depth: number, options: { depth?: number | null; stylize?: (s: string, style: string) => string } | undefined, inspect: ((v: unknown, o: unknown) => string) | undefined): unknown {
    const payload = {
      name: this.name,
      kind: this.kind,
      spanContext: this._spanContext,
      parentSpanContext: this.parentSpanContext,
      status: this.status,
      startTime: this.startTime,
      endTime: this.endTime,
      duration: this.duration,
      ended: this._ended,
      attributes: this.attributes,
      events: this.events,
      links: this.links,
      droppedAttributesCount: this._droppedAttributesCount,
      droppedEventsCount: this._droppedEventsCount,
      droppedLinksCount: this._droppedLinksCount,
      instrumentationScope: this.instrumentationScope,
    };
    if (typeof depth === 'number' && depth < 0) return options?.stylize ? options.stylize('[Span]', 'special') : '[Span]';
    if (typeof inspect !== 'function' || !options) return payload;
    return `Span ${inspect(payload, { ...options, depth: options.depth == null ? options.depth : options.depth - 1 })}`;
  }
}
