// Decodes OTLP trace export requests (protobuf or JSON) into plain objects.
// Shared by the tests' receiver and `botanu-agent dev`: one implementation.
// The protobuf reader is hand-written against opentelemetry-proto's trace.proto
// (field numbers in comments) so that the receiver needs no generated code.

export type AttrValue = string | number | boolean | AttrValue[] | { [k: string]: AttrValue } | null;

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number; // 1 internal, 2 server, 3 client, 4 producer, 5 consumer
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttrValue>;
  events: { name: string; timeUnixNano: bigint; attributes: Record<string, AttrValue> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, AttrValue> }[];
  status: { code: number; message: string };
  scope: { name: string; version: string };
  resource: Record<string, AttrValue>;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  fixed64(): bigint {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }
  fixed32(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getUint32(0, true);
    this.pos += 4;
    return v;
  }
  double(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  *fields(): Generator<[number, number]> {
    while (this.pos < this.end) {
      const tag = Number(this.varint());
      yield [tag >>> 3, tag & 7];
    }
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

function anyValue(buf: Uint8Array): AttrValue {
  const r = new Reader(buf);
  let v: AttrValue = null;
  for (const [f, w] of r.fields()) {
    if (f === 1) v = text(r.bytes()); // string_value
    else if (f === 2) v = r.varint() !== 0n; // bool_value
    else if (f === 3) v = Number(BigInt.asIntN(64, r.varint())); // int_value
    else if (f === 4) v = r.double(); // double_value
    else if (f === 5) {
      // array_value { repeated AnyValue values = 1 }
      const ar = new Reader(r.bytes());
      const arr: AttrValue[] = [];
      for (const [af, aw] of ar.fields()) af === 1 ? arr.push(anyValue(ar.bytes())) : ar.skip(aw);
      v = arr;
    } else if (f === 6) v = keyValues(r.bytes()); // kvlist_value { repeated KeyValue values = 1 }
    else if (f === 7) v = hex(r.bytes()); // bytes_value
    else r.skip(w);
  }
  return v;
}

function keyValue(buf: Uint8Array): [string, AttrValue] {
  const r = new Reader(buf);
  let k = '';
  let v: AttrValue = null;
  for (const [f, w] of r.fields()) {
    if (f === 1) k = text(r.bytes());
    else if (f === 2) v = anyValue(r.bytes());
    else r.skip(w);
  }
  return [k, v];
}

function keyValues(buf: Uint8Array): Record<string, AttrValue> {
  const r = new Reader(buf);
  const out: Record<string, AttrValue> = {};
  for (const [f, w] of r.fields()) {
    if (f === 1) {
      const [k, v] = keyValue(r.bytes());
      out[k] = v;
    } else r.skip(w);
  }
  return out;
}

function span(buf: Uint8Array, scope: DecodedSpan['scope'], resource: DecodedSpan['resource']): DecodedSpan {
  const r = new Reader(buf);
  const s: DecodedSpan = {
    traceId: '', spanId: '', parentSpanId: '', traceState: '', flags: 0, name: '', kind: 0,
    startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: {}, events: [], links: [], status: { code: 0, message: '' }, scope, resource,
  };
  for (const [f, w] of r.fields()) {
    switch (f) {
      case 1: s.traceId = hex(r.bytes()); break;
      case 2: s.spanId = hex(r.bytes()); break;
      case 3: s.traceState = text(r.bytes()); break;
      case 4: s.parentSpanId = hex(r.bytes()); break;
      case 5: s.name = text(r.bytes()); break;
      case 6: s.kind = Number(r.varint()); break;
      case 7: s.startTimeUnixNano = r.fixed64(); break;
      case 8: s.endTimeUnixNano = r.fixed64(); break;
      case 9: { const [k, v] = keyValue(r.bytes()); s.attributes[k] = v; break; }
      case 11: {
        const er = new Reader(r.bytes());
        const ev = { name: '', timeUnixNano: 0n, attributes: {} as Record<string, AttrValue> };
        for (const [ef, ew] of er.fields()) {
          if (ef === 1) ev.timeUnixNano = er.fixed64();
          else if (ef === 2) ev.name = text(er.bytes());
          else if (ef === 3) { const [k, v] = keyValue(er.bytes()); ev.attributes[k] = v; }
          else er.skip(ew);
        }
        s.events.push(ev);
        break;
      }
      case 13: {
        const lr = new Reader(r.bytes());
        const l = { traceId: '', spanId: '', attributes: {} as Record<string, AttrValue> };
        for (const [lf, lw] of lr.fields()) {
          if (lf === 1) l.traceId = hex(lr.bytes());
          else if (lf === 2) l.spanId = hex(lr.bytes());
          else if (lf === 4) { const [k, v] = keyValue(lr.bytes()); l.attributes[k] = v; }
          else lr.skip(lw);
        }
        s.links.push(l);
        break;
      }
      case 15: {
        const sr = new Reader(r.bytes());
        for (const [sf, sw] of sr.fields()) {
          if (sf === 2) s.status.message = text(sr.bytes());
          else if (sf === 3) s.status.code = Number(sr.varint());
          else sr.skip(sw);
        }
        break;
      }
      case 16: s.flags = w === 5 ? r.fixed32() : Number(r.varint()); break;
      default: r.skip(w);
    }
  }
  return s;
}

/** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 } */
export function decodeTraceRequestProto(buf: Uint8Array): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  const r = new Reader(buf);
  for (const [f, w] of r.fields()) {
    if (f !== 1) { r.skip(w); continue; }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2 }
    const rs = new Reader(r.bytes());
    let resource: Record<string, AttrValue> = {};
    const scopeSpans: Uint8Array[] = [];
    for (const [rf, rw] of rs.fields()) {
      if (rf === 1) {
        const res = new Reader(rs.bytes());
        for (const [xf, xw] of res.fields()) {
          if (xf === 1) { const [k, v] = keyValue(res.bytes()); resource[k] = v; } else res.skip(xw);
        }
      } else if (rf === 2) scopeSpans.push(rs.bytes());
      else rs.skip(rw);
    }
    resource = { ...resource };
    for (const ssBuf of scopeSpans) {
      // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2 }
      const ss = new Reader(ssBuf);
      const scope = { name: '', version: '' };
      const spans: Uint8Array[] = [];
      for (const [sf, sw] of ss.fields()) {
        if (sf === 1) {
          const sc = new Reader(ss.bytes());
          for (const [cf, cw] of sc.fields()) {
            if (cf === 1) scope.name = text(sc.bytes());
            else if (cf === 2) scope.version = text(sc.bytes());
            else sc.skip(cw);
          }
        } else if (sf === 2) spans.push(ss.bytes());
        else ss.skip(sw);
      }
      for (const sb of spans) out.push(span(sb, scope, resource));
    }
  }
  return out;
}

type JsonAny = { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number; arrayValue?: { values?: JsonAny[] }; kvlistValue?: { values?: JsonKv[] }; bytesValue?: string };
type JsonKv = { key: string; value?: JsonAny };

function jsonAny(v: JsonAny | undefined): AttrValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(jsonAny);
  if (v.kvlistValue) return jsonKvs(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return Buffer.from(v.bytesValue, 'base64').toString('hex');
  return null;
}
const jsonKvs = (kvs: JsonKv[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, jsonAny(kv.value)]));
// OTLP/JSON ids are hex strings (spec); older exporters sent base64.
const jsonId = (s: string | undefined) => (!s ? '' : /^[0-9a-f]+$/i.test(s) ? s.toLowerCase() : Buffer.from(s, 'base64').toString('hex'));

/* eslint-disable @typescript-eslint/no-explicit-any */
export function decodeTraceRequestJson(body: string): DecodedSpan[] {
  const req = JSON.parse(body);
  const out: DecodedSpan[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = jsonKvs(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      const scope = { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' };
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: jsonId(s.traceId), spanId: jsonId(s.spanId), parentSpanId: jsonId(s.parentSpanId), traceState: s.traceState ?? '',
          flags: Number(s.flags ?? 0), name: s.name ?? '', kind: Number(s.kind ?? 0),
          startTimeUnixNano: BigInt(s.startTimeUnixNano ?? 0), endTimeUnixNano: BigInt(s.endTimeUnixNano ?? 0),
          attributes: jsonKvs(s.attributes),
          events: (s.events ?? []).map((e: any) => ({ name: e.name, timeUnixNano: BigInt(e.timeUnixNano ?? 0), attributes: jsonKvs(e.attributes) })),
          links: (s.links ?? []).map((l: any) => ({ traceId: jsonId(l.traceId), spanId: jsonId(l.spanId), attributes: jsonKvs(l.attributes) })),
          status: { code: Number(s.status?.code ?? 0), message: s.status?.message ?? '' },
          scope, resource,
        });
      }
    }
  }
  return out;
}
