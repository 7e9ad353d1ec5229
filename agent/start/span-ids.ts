// Trace and span ids for the agent's TracerProvider (issue 14: the SDK's
// RandomIdGenerator called Math.random and Buffer.writeUInt32BE per 4 bytes of
// every id, the largest single cost of starting a span). Ids are cut from a pool
// of random bytes refilled by the CSPRNG a few KB at a time and written as
// lowercase hex, as before; an all-zero id (invalid) gets 1 as its last byte,
// as the SDK's generator does.
import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;

export class PooledIdGenerator implements IdGenerator {
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
    return pool.toString('hex', start, end);
  }
}
