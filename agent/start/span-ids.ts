// Trace and span ids for the agent's TracerProvider (issue 14: the SDK's
// RandomIdGenerator called Math.random and Buffer.writeUInt32BE per 4 bytes of
// every id, the largest single cost of starting a span). Ids are cut from a pool
// of random bytes refilled by the CSPRNG a few KB at a time and written as
// lowercase hex, as before; an all-zero id (invalid) gets 1 as its last byte,
// as the SDK's generator does. The hex is made by one String.fromCharCode call
// per id (a flat string, no call into C++): about a third of the time of
// Buffer#toString('hex') for 8 or 16 bytes. The bytes of the id just made are
// left for the agent's tracer (`last`), which puts them on the span so that the
// OTLP encoder writes them without decoding the hex again.
import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;
// '0'-'9', 'a'-'f' as char codes, by nibble.
const HEX = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const fromCharCode = String.fromCharCode;

/** 8 bytes of `b` from `s` as 16 lowercase hex chars (a span id). */
function hex8(b: Uint8Array, s: number): string {
  const b0 = b[s], b1 = b[s + 1], b2 = b[s + 2], b3 = b[s + 3], b4 = b[s + 4], b5 = b[s + 5], b6 = b[s + 6], b7 = b[s + 7];
  return fromCharCode(
    HEX[b0 >> 4], HEX[b0 & 15], HEX[b1 >> 4], HEX[b1 & 15], HEX[b2 >> 4], HEX[b2 & 15], HEX[b3 >> 4], HEX[b3 & 15],
    HEX[b4 >> 4], HEX[b4 & 15], HEX[b5 >> 4], HEX[b5 & 15], HEX[b6 >> 4], HEX[b6 & 15], HEX[b7 >> 4], HEX[b7 & 15],
  );
}

/** 16 bytes as 32 hex chars (a trace id), in one call: two joined would make a cons string to flatten later. */
function hex16(b: Uint8Array, s: number): string {
  const b0 = b[s], b1 = b[s + 1], b2 = b[s + 2], b3 = b[s + 3], b4 = b[s + 4], b5 = b[s + 5], b6 = b[s + 6], b7 = b[s + 7];
  const b8 = b[s + 8], b9 = b[s + 9], b10 = b[s + 10], b11 = b[s + 11], b12 = b[s + 12], b13 = b[s + 13], b14 = b[s + 14], b15 = b[s + 15];
  return fromCharCode(
    HEX[b0 >> 4], HEX[b0 & 15], HEX[b1 >> 4], HEX[b1 & 15], HEX[b2 >> 4], HEX[b2 & 15], HEX[b3 >> 4], HEX[b3 & 15],
    HEX[b4 >> 4], HEX[b4 & 15], HEX[b5 >> 4], HEX[b5 & 15], HEX[b6 >> 4], HEX[b6 & 15], HEX[b7 >> 4], HEX[b7 & 15],
    HEX[b8 >> 4], HEX[b8 & 15], HEX[b9 >> 4], HEX[b9 & 15], HEX[b10 >> 4], HEX[b10 & 15], HEX[b11 >> 4], HEX[b11 & 15],
    HEX[b12 >> 4], HEX[b12 & 15], HEX[b13 >> 4], HEX[b13 & 15], HEX[b14 >> 4], HEX[b14 & 15], HEX[b15 >> 4], HEX[b15 & 15],
  );
}

/** 3 bytes from `s` as one small integer (24 bits: a V8 Smi, never a heap number). */
function chunk3(b: Uint8Array, s: number): number {
  return (b[s] << 16) | (b[s + 1] << 8) | b[s + 2];
}

/**
 * An id's bytes as 24-bit integers, first byte first: a span id's 8 in `c0`-`c2`
 * (c2 holds the last two), a trace id's 16 in `c0`-`c5` (c5 the last one). The
 * OTLP encoder writes them as they are instead of decoding the id's hex again.
 */
export interface IdChunks {
  c0: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
}

/** The 8 or 16 id bytes of `b` from `s` into `out` (c3-c5 left as they are for 8). */
function toChunks(b: Uint8Array, s: number, bytes: 8 | 16, out: IdChunks): void {
  out.c0 = chunk3(b, s);
  out.c1 = chunk3(b, s + 3);
  if (bytes === 8) {
    out.c2 = (b[s + 6] << 8) | b[s + 7];
    return;
  }
  out.c2 = chunk3(b, s + 6);
  out.c3 = chunk3(b, s + 9);
  out.c4 = chunk3(b, s + 12);
  out.c5 = b[s + 15];
}

const traceIdScratch = Buffer.alloc(16);

/**
 * A valid trace id's bytes as IdChunks: decoded once for a trace that came from
 * elsewhere (a traceparent), so this service's spans of it share the bytes.
 */
export function traceIdChunks(hex: string): IdChunks {
  traceIdScratch.write(hex, 0, 16, 'hex');
  const out: IdChunks = { c0: 0, c1: 0, c2: 0, c3: 0, c4: 0, c5: 0 };
  toChunks(traceIdScratch, 0, 16, out);
  return out;
}

export class PooledIdGenerator implements IdGenerator {
  /** The bytes of the id the last generate call returned (read right after it, by the agent's tracer). */
  readonly last: IdChunks = { c0: 0, c1: 0, c2: 0, c3: 0, c4: 0, c5: 0 };

  // #private: an app that reaches the provider must not read the upcoming ids.
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  #pos = POOL_BYTES;

  generateTraceId(): string {
    return this.#next(16);
  }

  generateSpanId(): string {
    return this.#next(8);
  }

  #next(bytes: number): string {
    const pool = this.#pool;
    if (this.#pos + bytes > POOL_BYTES) {
      randomFillSync(pool);
      this.#pos = 0;
    }
    const start = this.#pos;
    const end = start + bytes;
    this.#pos = end;
    let zero = true;
    for (let i = start; i < end; i++) {
      if (pool[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) pool[end - 1] = 1;
    if (bytes === 8) {
      toChunks(pool, start, 8, this.last);
      return hex8(pool, start);
    }
    toChunks(pool, start, 16, this.last);
    return hex16(pool, start);
  }
}
