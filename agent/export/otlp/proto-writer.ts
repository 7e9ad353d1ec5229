// A minimal protobuf writer for the OTLP span encoder: a growable byte buffer,
// varints, fixed-width numbers, strings and hex ids written in place (no
// intermediate Uint8Array per id or string), and length-delimited fields whose
// length is back-patched.
import { charCodeAt } from '../../string-methods';
import type { IdChunks } from '../../start/span-ids';

const MIN_CAPACITY = 4096;
// A string this long or longer is written by the native UTF-8 encoder; shorter
// ones by the ASCII loop below, which beats the native call's fixed cost.
const NATIVE_STRING_MIN = 64;

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

function hexNibble(c: number): number {
  // '0'-'9', 'a'-'f', 'A'-'F'; anything else (an id is validated by the API) reads as 0
  return c <= 57 ? (c - 48) & 15 : c >= 97 ? (c - 87) & 15 : (c - 55) & 15;
}

// Encoded attribute keys (tag, length, ASCII bytes; < 130 bytes each), up to
// KEY_BYTES_MAX of them: the first keys seen, which in practice are all there are.
const KEY_BYTES_MAX = 1024;
const KEY_BYTES = new Map<string, Uint8Array>();

// The byte of every pair of hex digits, by their char codes, looked up: one
// load per byte instead of two nibble lookups. Only the 22 x 22 digit pairs are
// filled (this runs at load, before the app's first line: not 128 x 128 of
// them); a pair with anything else reads as 0 (ids are validated hex by the API).
const HEX_PAIR = new Uint8Array(128 * 128);
const HEX_DIGITS = '0123456789abcdefABCDEF';
for (let i = 0; i < HEX_DIGITS.length; i++) {
  for (let j = 0; j < HEX_DIGITS.length; j++) {
    const hi = HEX_DIGITS.charCodeAt(i);
    const lo = HEX_DIGITS.charCodeAt(j);
    HEX_PAIR[(hi << 7) | lo] = (hexNibble(hi) << 4) | hexNibble(lo);
  }
}

/** Three bytes of a 24-bit integer at `p`, first byte first (a Buffer store keeps the low 8 bits). */
function put3(b: Buffer, p: number, v: number): number {
  b[p] = v >>> 16;
  b[p + 1] = v >>> 8;
  b[p + 2] = v;
  return p + 3;
}

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(capacity, 16));
  }

  reset(): void {
    this.pos = 0;
  }

  /** The written bytes (a view, valid until the next write or reset). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafeSlow(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  tag(field: number, wireType: number): void {
    const v = (field << 3) | wireType;
    if (v > 127 || this.pos >= this.buf.length) return this.uint32(v);
    // Fields 1 to 15: one byte, the common case, written without the varint loop.
    this.buf[this.pos++] = v;
  }

  uint32(v: number): void {
    this.ensure(5);
    this.pos = this.varintAt(this.pos, v);
  }

  /** Writes `v` (< 2^32) as a varint at `p` (capacity already ensured); returns the position after it. */
  private varintAt(p: number, v: number): number {
    const b = this.buf;
    v >>>= 0;
    while (v > 127) {
      b[p++] = (v & 127) | 128;
      v >>>= 7;
    }
    b[p++] = v;
    return p;
  }

  /** int64 varint from a JS integer (negative: ten bytes of two's complement). */
  int64(value: number): void {
    if (value >= 0 && value <= 0xffffffff) return this.uint32(value);
    this.ensure(10);
    let low: number;
    let high: number;
    const abs = Math.abs(value);
    low = abs >>> 0;
    high = Math.floor(abs / 4294967296) >>> 0;
    if (value < 0) {
      low = ~low >>> 0;
      high = ~high >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    const b = this.buf;
    let p = this.pos;
    while (high > 0 || low > 127) {
      b[p++] = (low & 127) | 128;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    b[p++] = low;
    this.pos = p;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.pos = this.le32At(this.pos, v >>> 0);
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.pos = this.le32At(this.le32At(this.pos, low >>> 0), high >>> 0);
  }

  /** `v` (a uint32) little-endian at `p` (capacity already ensured); returns the position after it. */
  private le32At(p: number, v: number): number {
    const b = this.buf;
    b[p] = v & 0xff;
    b[p + 1] = (v >>> 8) & 0xff;
    b[p + 2] = (v >>> 16) & 0xff;
    b[p + 3] = v >>> 24;
    return p + 4;
  }

  /** [seconds, nanoseconds] as fixed64 nanoseconds, exactly (the product exceeds 2^53). */
  hrTime(t: readonly [number, number]): void {
    const seconds = t[0];
    const a = Math.floor(seconds / 65536);
    const x = a * 1e9; // < 2^46: exact
    const y = (seconds - a * 65536) * 1e9 + t[1]; // < 2^47: exact
    // total = x * 2^16 + y
    let low = (x % 65536) * 65536 + (y % 4294967296);
    const carry = Math.floor(low / 4294967296);
    low -= carry * 4294967296;
    const high = Math.floor(x / 65536) + Math.floor(y / 4294967296) + carry;
    this.fixed64(low, high);
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  string(s: string): void {
    const len = s.length;
    if (len < NATIVE_STRING_MIN) {
      this.ensure(len + 1);
      const b = this.buf;
      const start = this.pos;
      let p = start + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = charCodeAt(s, i);
        if (c > 127) break;
        b[p++] = c;
      }
      if (i === len) {
        b[start] = len; // < 128: a one-byte length
        this.pos = p;
        return;
      }
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.uint32(n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  /**
   * One repeated KeyValue { key 1; AnyValue { string_value 1 } value 2 } entry,
   * tag included, when both strings are ASCII and the entry fits a one-byte
   * length (most span attributes): the bytes writeAttributes' general path
   * writes, without its per-field calls. Returns false, having written
   * nothing, for anything else.
   */
  asciiStringAttribute(tagByte: number, key: string, value: string): boolean {
    const vl = value.length;
    let p = this.asciiAttributeHead(tagByte, key, key.length + vl + 6);
    if (p < 0) return false;
    const b = this.buf;
    b[p++] = 0x12; // value: field 2, LEN
    b[p++] = vl + 2;
    b[p++] = 0x0a; // AnyValue.string_value: field 1, LEN
    b[p++] = vl;
    for (let i = 0; i < vl; i++) {
      const c = charCodeAt(value, i);
      if (c > 127) return false;
      b[p++] = c;
    }
    this.pos = p;
    return true;
  }

  /**
   * The start of a KeyValue whose encoded body is `body` bytes (one-byte length):
   * its tag and length and its ASCII key, at the write position (capacity
   * ensured); returns the position after the key, or -1 (nothing counted as
   * written) when the body is too long or the key is not ASCII.
   */
  private asciiAttributeHead(tagByte: number, key: string, body: number): number {
    if (body > 127) return -1;
    this.ensure(body + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = tagByte;
    b[p++] = body;
    return this.asciiKeyAt(p, key);
  }

  /**
   * KeyValue.key (field 1, LEN) of an ASCII key at `p` (capacity ensured);
   * returns the position after it, or -1 for a non-ASCII key. The same few
   * keys recur on every span: their bytes are kept (KEY_BYTES) and copied.
   */
  private asciiKeyAt(p: number, key: string): number {
    const b = this.buf;
    const known = KEY_BYTES.get(key);
    if (known !== undefined) {
      b.set(known, p);
      return p + known.length;
    }
    const start = p;
    const kl = key.length;
    b[p++] = 0x0a;
    b[p++] = kl;
    for (let i = 0; i < kl; i++) {
      const c = charCodeAt(key, i);
      if (c > 127) return -1;
      b[p++] = c;
    }
    if (KEY_BYTES.size < KEY_BYTES_MAX) KEY_BYTES.set(key, new Uint8Array(b.subarray(start, p)));
    return p;
  }

  /** As asciiStringAttribute, for an integer value 0 <= v < 2^31 (AnyValue.int_value, field 3, varint). */
  asciiIntAttribute(tagByte: number, key: string, value: number): boolean {
    const vs = varintSize(value);
    let p = this.asciiAttributeHead(tagByte, key, key.length + vs + 5);
    if (p < 0) return false;
    const b = this.buf;
    b[p++] = 0x12;
    b[p++] = vs + 1;
    b[p++] = 0x18; // AnyValue.int_value: field 3, VARINT
    this.pos = this.varintAt(p, value);
    return true;
  }

  bytes(v: Uint8Array): void {
    this.uint32(v.length);
    this.raw(v);
  }

  /** A span id's 8 bytes, given as 24-bit integers (agent/start/span-ids.ts IdChunks), as a bytes field's length and body. */
  id8(c0: number, c1: number, c2: number): void {
    this.ensure(9);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 8;
    p = put3(b, p, c0);
    p = put3(b, p, c1);
    b[p++] = c2 >>> 8;
    b[p++] = c2;
    this.pos = p;
  }

  /** A trace id's 16 bytes, given as 24-bit integers, as a bytes field's length and body. */
  id16(t: IdChunks): void {
    this.ensure(17);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 16;
    p = put3(b, p, t.c0);
    p = put3(b, p, t.c1);
    p = put3(b, p, t.c2);
    p = put3(b, p, t.c3);
    p = put3(b, p, t.c4);
    b[p++] = t.c5;
    this.pos = p;
  }

  /** A bytes field from a hex string (trace and span ids). */
  hexBytes(hex: string): void {
    const n = hex.length >>> 1;
    this.uint32(n);
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < hex.length - 1; i += 2) {
      const hi = charCodeAt(hex, i);
      const lo = charCodeAt(hex, i + 1);
      b[p++] = hi < 128 && lo < 128 ? HEX_PAIR[(hi << 7) | lo] : (hexNibble(hi) << 4) | hexNibble(lo);
    }
    this.pos = p;
  }

  /**
   * Reserves `reserved` bytes for a length (1 fits the many small messages, 2 a
   * typical span); finish() writes it there, moving the body only if the guess was wrong.
   */
  begin(reserved = 1): number {
    this.ensure(reserved);
    const start = this.pos;
    this.pos += reserved;
    return start;
  }

  finish(start: number, reserved = 1): void {
    const len = this.pos - start - reserved;
    const size = varintSize(len);
    if (size !== reserved) {
      this.ensure(size);
      this.buf.copyWithin(start + size, start + reserved, this.pos);
      this.pos += size - reserved;
    }
    this.varintAt(start, len);
  }

  /** Appends raw, already encoded bytes. */
  raw(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }
}
