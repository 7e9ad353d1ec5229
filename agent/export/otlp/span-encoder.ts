// Encodes SDK spans as OTLP protobuf (opentelemetry-proto trace/v1, field
// numbers in comments). Spans are encoded one at a time, as they end, so that
// export never serializes a whole batch in one event-loop turn and the span
// objects die young instead of being kept (and copied by the GC) in a queue.
// Field order and defaults follow @opentelemetry/otlp-transformer's encoder, so
// the same batch encodes to the same bytes (test/otlp-span-encoder.test.ts).
import type { Attributes, AttributeValue, Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import type { ProtoWriter } from './proto-writer';
import { AgentSpan, type SpanIdBytes } from '../../spans/span';

const LEN = 2;
const VARINT = 0;
const I64 = 1;
const I32 = 5;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

export interface ResourceLike {
  readonly attributes: Attributes;
  readonly schemaUrl?: string;
  readonly asyncAttributesPending?: boolean;
}

export interface ScopeLike {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
  readonly attributes?: Attributes;
  readonly droppedAttributesCount?: number;
}

/** Older SDKs (1.x, in an app the agent joins) name two fields differently. */
type AnySdkSpan = ReadableSpan & { parentSpanId?: string; instrumentationLibrary?: ScopeLike };

export function spanScope(span: ReadableSpan): ScopeLike {
  return span.instrumentationScope ?? (span as AnySdkSpan).instrumentationLibrary ?? { name: '' };
}

function flags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}

/** AnyValue { string 1, bool 2, int64 3, double 4, ArrayValue 5, KeyValueList 6, bytes 7 } */
function anyValue(w: ProtoWriter, v: unknown): void {
  switch (typeof v) {
    case 'string':
      w.tag(1, LEN);
      w.string(v);
      return;
    case 'boolean':
      w.tag(2, VARINT);
      w.uint32(v ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(v) && v >= INT64_MIN && v < INT64_MAX) {
        w.tag(3, VARINT);
        w.int64(v);
      } else {
        w.tag(4, I64);
        w.double(v);
      }
      return;
    case 'object':
      if (v === null) return;
      if (v instanceof Uint8Array) {
        w.tag(7, LEN);
        w.bytes(v);
      } else if (Array.isArray(v)) {
        w.tag(5, LEN);
        const arr = w.begin();
        writeMessages(w, 1, v, anyValue);
        w.finish(arr);
      } else {
        w.tag(6, LEN);
        const list = w.begin();
        writeAttributes(w, v as Attributes, 1);
        w.finish(list);
      }
      return;
    default:
  }
}

/** Each item as a length-delimited message under `field` (a repeated message field). */
function writeMessages<T>(w: ProtoWriter, field: number, items: readonly T[], write: (w: ProtoWriter, item: T) => void): void {
  // Indexed: no iterator per span for its (usually empty) events and links.
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    w.tag(field, LEN);
    const at = w.begin();
    write(w, item);
    w.finish(at);
  }
}

/**
 * trace_id 1, span_id 2, trace_state 3: the same three fields in Span and Span.Link;
 * from `bytes` (an agent span's ids as its generator drew them) where known, else from the hex.
 */
function writeIds(w: ProtoWriter, c: SpanContext, bytes?: SpanIdBytes): void {
  w.tag(1, LEN);
  if (bytes?.traceId !== undefined) w.id16(bytes.traceId);
  else w.hexBytes(c.traceId);
  w.tag(2, LEN);
  if (bytes !== undefined) w.id8(bytes.id0, bytes.id1, bytes.id2);
  else w.hexBytes(c.spanId);
  const ts = c.traceState?.serialize();
  if (ts) {
    w.tag(3, LEN);
    w.string(ts);
  }
}

/** repeated KeyValue { string key 1; AnyValue value 2 } under `field`. */
function writeAttributes(w: ProtoWriter, attributes: Attributes, field: number): void {
  const tagByte = (field << 3) | LEN; // every field passed here is < 16: one byte
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    // The common entries (short ASCII strings, small non-negative integers) in one call.
    const v = attributes[key];
    if (typeof v === 'string') {
      if (w.asciiStringAttribute(tagByte, key, v)) continue;
    } else if (typeof v === 'number' && v >= 0 && v <= 0x7fffffff && Number.isInteger(v)) {
      if (w.asciiIntAttribute(tagByte, key, v)) continue;
    }
    w.tag(field, LEN);
    const kv = w.begin();
    w.tag(1, LEN);
    w.string(key);
    w.tag(2, LEN);
    const value = w.begin();
    anyValue(w, v as AttributeValue | undefined);
    w.finish(value);
    w.finish(kv);
  }
}

/** Span.Event { fixed64 time 1; string name 2; attributes 3; dropped_attributes_count 4 } */
function writeEvent(w: ProtoWriter, e: TimedEvent): void {
  w.tag(1, I64);
  w.hrTime(e.time);
  w.tag(2, LEN);
  w.string(e.name);
  if (e.attributes) writeAttributes(w, e.attributes, 3);
  w.tag(4, VARINT);
  w.uint32(e.droppedAttributesCount || 0);
}

/** Span.Link { trace_id 1; span_id 2; trace_state 3; attributes 4; dropped_attributes_count 5; fixed32 flags 6 } */
function writeLink(w: ProtoWriter, l: Link & { droppedAttributesCount?: number }): void {
  const c: SpanContext = l.context;
  writeIds(w, c);
  if (l.attributes) writeAttributes(w, l.attributes, 4);
  w.tag(5, VARINT);
  w.uint32(l.droppedAttributesCount || 0);
  w.tag(6, I32);
  w.fixed32(flags(c.traceFlags, c.isRemote));
}

// The agent's own span (agent/spans/span.ts) carries its ids' bytes: read into this, never kept.
const idBytes: SpanIdBytes = { traceId: undefined, id0: -1, id1: 0, id2: 0, parentId0: -1, parentId1: 0, parentId2: 0 };

/** One ScopeSpans.spans entry: tag, length and the Span message. */
export function writeSpanRecord(w: ProtoWriter, span: ReadableSpan): void {
  w.tag(2, LEN);
  const start = w.begin(2);
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  const known = AgentSpan.idBytes(span, idBytes);
  // The bytes the id generator made, not the hex decoded again (the same ids: test/span-ids.test.ts).
  writeIds(w, ctx, known ? idBytes : undefined);
  if (known && idBytes.parentId0 >= 0) {
    w.tag(4, LEN);
    w.id8(idBytes.parentId0, idBytes.parentId1, idBytes.parentId2);
  } else {
    const parentId = parent?.spanId ?? (span as AnySdkSpan).parentSpanId;
    if (parentId) {
      w.tag(4, LEN);
      w.hexBytes(parentId);
    }
  }
  idBytes.traceId = undefined;
  w.tag(5, LEN);
  w.string(span.name);
  if (span.kind != null) {
    w.tag(6, VARINT);
    w.uint32(span.kind + 1);
  }
  w.tag(7, I64);
  w.hrTime(span.startTime);
  w.tag(8, I64);
  w.hrTime(span.endTime);
  if (span.attributes) writeAttributes(w, span.attributes, 9);
  w.tag(10, VARINT);
  w.uint32(span.droppedAttributesCount || 0);
  writeMessages(w, 11, span.events, writeEvent);
  w.tag(12, VARINT);
  w.uint32(span.droppedEventsCount || 0);
  writeMessages(w, 13, span.links, writeLink);
  w.tag(14, VARINT);
  w.uint32(span.droppedLinksCount || 0);
  // Status { string message 2; StatusCode code 3 }
  w.tag(15, LEN);
  const st = w.begin();
  if (span.status.message) {
    w.tag(2, LEN);
    w.string(span.status.message);
  }
  w.tag(3, VARINT);
  w.uint32(span.status.code);
  w.finish(st);
  w.tag(16, I32);
  w.fixed32(flags(ctx.traceFlags, parent?.isRemote));
  w.finish(start, 2);
}

/** ResourceSpans.resource: Resource { attributes 1; dropped_attributes_count 2 } with its tag. */
export function writeResource(w: ProtoWriter, resource: ResourceLike): void {
  w.tag(1, LEN);
  const at = w.begin(2);
  if (resource.attributes) writeAttributes(w, resource.attributes, 1);
  w.tag(2, VARINT);
  w.uint32(0);
  w.finish(at, 2);
}

/** ScopeSpans.scope: InstrumentationScope { name 1; version 2; attributes 3; dropped_attributes_count 4 } with its tag. */
export function writeScope(w: ProtoWriter, scope: ScopeLike): void {
  w.tag(1, LEN);
  const at = w.begin();
  w.tag(1, LEN);
  w.string(scope.name);
  if (scope.version) {
    w.tag(2, LEN);
    w.string(scope.version);
  }
  if (scope.attributes) writeAttributes(w, scope.attributes, 3);
  if (scope.droppedAttributesCount) {
    w.tag(4, VARINT);
    w.uint32(scope.droppedAttributesCount);
  }
  w.finish(at);
}
