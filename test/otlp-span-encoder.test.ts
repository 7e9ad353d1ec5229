// The agent encodes each span as it ends (agent/otlp). Its bytes must be exactly
// what @opentelemetry/otlp-transformer produces for the same batch, over spans
// that exercise every field and value type (and their edge cases).
import { SpanKind, SpanStatusCode, TraceFlags, context, trace, type Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ProtoBatchBuilder } from '../agent/export/otlp/proto-batch';
import { ProtoWriter } from '../agent/export/otlp/proto-writer';
import { decodeTraceRequestProto } from '../agent/cli/receiver/otlp-decode';

function recorder(): { ended: ReadableSpan[]; processor: SpanProcessor } {
  const ended: ReadableSpan[] = [];
  const processor: SpanProcessor = {
    onStart() {},
    onEnd: (s) => void ended.push(s),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  return { ended, processor };
}

const EDGE_ATTRIBUTES: Attributes = {
  empty: '',
  ascii: 'GET /hello/:id',
  unicode: 'héllo ✓ 日本語 🙂',
  lone_surrogate: 'a\ud800b',
  long_ascii: 'x'.repeat(200),
  long_unicode: 'é'.repeat(3000),
  at_4096: 'y'.repeat(4096),
  zero: 0,
  negative_zero: -0,
  small: 42,
  int32_max: 2 ** 31 - 1,
  uint32_max: 2 ** 32 - 1,
  above_uint32: 2 ** 32,
  big: 2 ** 52 + 1,
  max_safe: Number.MAX_SAFE_INTEGER,
  beyond_int64: 2 ** 64,
  negative: -1,
  negative_big: -(2 ** 40) - 7,
  int64_min: -(2 ** 63),
  float: 3.25,
  tiny: 5e-324,
  nan: NaN,
  inf: Infinity,
  neg_inf: -Infinity,
  yes: true,
  no: false,
  strings: ['a', 'é', ''],
  numbers: [1, -2, 3.5, 2 ** 40],
  bools: [true, false],
  with_holes: ['a', null as unknown as string, undefined as unknown as string, 'b'],
  empty_array: [],
  // The writer's one-call path for short ASCII entries, at and past its limits.
  'clé': 'non-ASCII key',
  ascii_key_unicode_value: 'é',
  ['k'.repeat(60)]: 'v'.repeat(61), // entry body 127 bytes: one-byte length
  ['K'.repeat(61)]: 'v'.repeat(61), // 128: the general path
  ['n'.repeat(119)]: 2 ** 14, // int entry body 127
  ['N'.repeat(120)]: 2 ** 14, // 128
  ключ: 7,
};

function makeSpans(): ReadableSpan[] {
  const a = recorder();
  const b = recorder();
  const providerA = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc-a', 'service.version': '1.2.3', 'host.cores': 2, 'ünïcode.key': 'v' }),
    spanProcessors: [a.processor],
  });
  const providerB = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'svc-b' }), spanProcessors: [b.processor] });
  const http = providerA.getTracer('@opentelemetry/instrumentation-http', '0.301.1', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
  const express = providerA.getTracer('@opentelemetry/instrumentation-express');
  const other = providerB.getTracer('other', '1.0.0');

  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=a,other=b'),
  });
  const server = http.startSpan('GET /hello/:id', { kind: SpanKind.SERVER, attributes: EDGE_ATTRIBUTES }, remoteParent);
  const child = express.startSpan('request handler - /hello/:id', { kind: SpanKind.INTERNAL }, trace.setSpan(context.active(), server));
  child.addEvent('exception', { 'exception.type': 'Error', 'exception.message': 'bé', count: 3 });
  child.addEvent('no attributes');
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom ✗' });
  child.end();
  const client = http.startSpan('POST', {
    kind: SpanKind.CLIENT,
    links: [
      { context: { traceId: 'ABCDEF0123456789abcdef0123456789', spanId: '0123456789ABCDEF', traceFlags: 0, isRemote: true }, attributes: { 'messaging.id': 'm1' } },
      { context: { traceId: '11111111111111111111111111111111', spanId: '2222222222222222', traceFlags: 1, traceState: new TraceState('k=v') } },
    ],
  }, trace.setSpan(context.active(), server));
  client.setStatus({ code: SpanStatusCode.OK });
  client.end();
  for (const kind of [SpanKind.PRODUCER, SpanKind.CONSUMER]) other.startSpan(`kind ${kind}`, { kind }).end();
  const many = express.startSpan('many attributes');
  for (let i = 0; i < 200; i++) many.setAttribute(`attr.${i}`, i % 2 ? `value ${i}` : i);
  many.end([1_700_000_000, 999_999_999]);
  const early = other.startSpan('epoch start', { startTime: [0, 1] });
  early.end([4_102_444_800, 123_456_789]); // 2100-01-01
  // Interleaved resources and scopes: grouping must keep first-appearance order.
  express.startSpan('after other').end();
  server.end();
  return interleave(a.ended, b.ended);
}

// Alternate the two providers' spans, as the agent sees them when it joins an app's provider.
function interleave(x: ReadableSpan[], y: ReadableSpan[]): ReadableSpan[] {
  const out: ReadableSpan[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i]) out.push(x[i]);
    if (y[i]) out.push(y[i]);
  }
  return out;
}

function encodeWithAgent(spans: ReadableSpan[]): Buffer {
  const b = new ProtoBatchBuilder();
  for (const s of spans) b.add(s);
  expect(b.count).toBe(spans.length);
  return Buffer.from(b.seal().body);
}

describe('OTLP span encoder', () => {
  test('encodes the same bytes as @opentelemetry/otlp-transformer', () => {
    const spans = makeSpans();
    expect(spans.length).toBe(8);
    const ours = encodeWithAgent(spans);
    const upstream = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    expect(ours.length).toBe(upstream.length);
    expect(ours.equals(upstream)).toBe(true);
    // And it decodes to what was recorded.
    const decoded = decodeTraceRequestProto(ours);
    expect(decoded).toHaveLength(spans.length);
    const server = decoded.find((d) => d.name === 'GET /hello/:id')!;
    expect(server.attributes.unicode).toBe('héllo ✓ 日本語 🙂');
    expect(server.attributes.negative_big).toBe(-(2 ** 40) - 7);
    expect(server.attributes.big).toBe(2 ** 52 + 1);
    expect(server.parentSpanId).toBe('b7ad6b7169203331');
    expect(server.flags).toBe(0x301);
    expect(server.traceState).toBe('vendor=a,other=b');
    const late = decoded.find((d) => d.name === 'epoch start')!;
    expect(late.startTimeUnixNano).toBe(1n);
    expect(late.endTimeUnixNano).toBe(4_102_444_800_123_456_789n);
  });

  test('a builder starts over after seal() and reuses its buffers', () => {
    const spans = makeSpans();
    const b = new ProtoBatchBuilder();
    for (let round = 0; round < 3; round++) {
      for (const s of spans) b.add(s);
      const body = Buffer.from(b.seal().body);
      expect(b.count).toBe(0);
      expect(body.equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!))).toBe(true);
    }
  });

  test("a sealed batch's bytes stay as they are until it is released; released, they serve a later batch", () => {
    const spans = makeSpans();
    const upstream = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    const b = new ProtoBatchBuilder();
    for (const s of spans) b.add(s);
    const first = b.seal();
    // Batches sealed while the first is still out (queued, sent, retried) never write over it.
    for (let i = 0; i < 6; i++) {
      for (const s of spans.slice(0, 1 + (i % spans.length))) b.add(s);
      b.seal();
      expect(Buffer.from(first.body).equals(upstream)).toBe(true);
    }
    first.release?.();
    first.release?.(); // twice is once
    for (const s of spans) b.add(s);
    const next = b.seal();
    expect(next.body.buffer).toBe(first.body.buffer);
    expect(Buffer.from(next.body).equals(upstream)).toBe(true);
    // A double release did not hand the same bytes to two batches.
    for (const s of spans) b.add(s);
    expect(b.seal().body.buffer).not.toBe(next.body.buffer);
  });

  test('a span that cannot be encoded leaves the batch as it was', () => {
    const spans = makeSpans();
    const b = new ProtoBatchBuilder();
    b.add(spans[0]);
    const broken = Object.create(spans[1], { events: { get: () => { throw new Error('hostile getter'); } } }) as ReadableSpan;
    expect(() => b.add(broken)).toThrow('hostile getter');
    b.add(spans[2]);
    expect(b.count).toBe(2);
    expect(Buffer.from(b.seal().body).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest([spans[0], spans[2]])!))).toBe(true);
  });

  test('lengths that cross a varint boundary are re-framed correctly', () => {
    for (const n of [0, 1, 126, 127, 128, 129, 16_382, 16_383, 16_384, 2_097_151, 2_097_152]) {
      const w = new ProtoWriter(8);
      const start = w.begin(2);
      w.raw(Buffer.alloc(n, 7));
      w.finish(start, 2);
      const expectedLen = n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
      expect(w.pos).toBe(n + expectedLen);
      let len = 0;
      for (let i = 0, shift = 1; i < expectedLen; i++, shift *= 128) len += (w.buf[i] & 127) * shift;
      expect(len).toBe(n);
    }
  });
});
