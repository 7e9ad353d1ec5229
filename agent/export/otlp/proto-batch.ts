// An export batch built span by span: each span is encoded when it ends, into
// a buffer per (resource, scope); seal() frames them as one
// ExportTraceServiceRequest. The queue then holds bytes, not span objects: the
// span becomes garbage right away (cheap for the GC), retries resend the same
// bytes, and no event-loop turn ever serializes a whole batch.
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ProtoWriter } from './proto-writer';
import { spanScope, writeResource, writeScope, writeSpanRecord, type ResourceLike, type ScopeLike } from './span-encoder';

export interface SealedBatch {
  readonly count: number;
  readonly body: Uint8Array;
  /**
   * Once the batch is done with (sent, or failed for good), gives its bytes
   * back for the next batch; `body` must not be read after. Not called for a
   * batch handed to anything that may still read it later (the exit path).
   */
  release?(): void;
}

export interface BatchBuilder {
  readonly count: number;
  /** Bytes held so far (0 where the format only knows at seal()). */
  readonly bytes: number;
  /** Encodes the span now; throws (leaving the batch as it was) if it cannot. */
  add(span: ReadableSpan): void;
  /** The batch so far, ready to send; the builder starts over empty. */
  seal(): SealedBatch;
}

const LEN = 2;
// Writers are reused across batches; a few, and none grown past this, are kept.
const POOL_MAX = 8;
const POOL_MAX_BYTES = 1 << 20;
const pool: ProtoWriter[] = [];
const takeWriter = () => pool.pop() ?? new ProtoWriter(16 * 1024);
function releaseWriter(w: ProtoWriter): void {
  w.reset();
  if (pool.length < POOL_MAX && w.buf.length <= POOL_MAX_BYTES) pool.push(w);
}

// The sealed batches' buffers, reused once their export is over: a span flood
// seals hundreds of batches a second, and a new buffer each is external memory
// that is freed only when a scavenge finds its Buffer dead and the concurrent
// array-buffer sweeper gets CPU (which a busy process may not give it).
const SEALED_POOL_MAX = 4;
const sealedPool: ProtoWriter[] = [];
function takeSealedWriter(size: number): ProtoWriter {
  for (let i = sealedPool.length - 1; i >= 0; i--) {
    if (sealedPool[i].buf.length >= size) return sealedPool.splice(i, 1)[0];
  }
  return new ProtoWriter(size);
}

class PooledSealedBatch implements SealedBatch {
  #writer: ProtoWriter | undefined;

  constructor(
    readonly count: number,
    readonly body: Uint8Array,
    writer: ProtoWriter,
  ) {
    this.#writer = writer;
  }

  release(): void {
    const w = this.#writer;
    if (w === undefined) return;
    this.#writer = undefined;
    w.reset();
    if (sealedPool.length < SEALED_POOL_MAX && w.buf.length <= POOL_MAX_BYTES) sealedPool.push(w);
  }
}

// Resources and scopes are immutable and few: each is encoded once.
const encodedResources = new WeakMap<ResourceLike, Buffer>();
const encodedScopes = new WeakMap<ScopeLike, Buffer>();
function encodeOnce<T extends object>(cache: WeakMap<T, Buffer>, key: T, write: (w: ProtoWriter, key: T) => void, cacheable: boolean): Buffer {
  const hit = cache.get(key);
  if (hit) return hit;
  const w = new ProtoWriter(256);
  write(w, key);
  const bytes = Buffer.from(w.view());
  if (cacheable) cache.set(key, bytes);
  return bytes;
}

export class ProtoBatchBuilder implements BatchBuilder {
  count = 0;
  bytes = 0;
  private groups = new Map<ResourceLike, Map<ScopeLike, ProtoWriter>>();

  add(span: ReadableSpan): void {
    const resource = span.resource as ResourceLike;
    const scope = spanScope(span);
    let scopes = this.groups.get(resource);
    if (!scopes) this.groups.set(resource, (scopes = new Map()));
    let w = scopes.get(scope);
    if (!w) scopes.set(scope, (w = takeWriter()));
    const before = w.pos;
    try {
      writeSpanRecord(w, span);
    } catch (err) {
      w.pos = before;
      if (before === 0) {
        // No group of its own was left behind: an empty ScopeSpans would be sent.
        scopes.delete(scope);
        if (scopes.size === 0) this.groups.delete(resource);
        releaseWriter(w);
      }
      throw err;
    }
    this.count++;
    this.bytes += w.pos - before;
  }

  seal(): SealedBatch {
    let size = 64;
    for (const scopes of this.groups.values()) for (const w of scopes.values()) size += w.pos + 64;
    const out = takeSealedWriter(size + 4096);
    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }
    for (const [resource, scopes] of this.groups) {
      out.tag(1, LEN);
      const rs = out.begin(3);
      out.raw(encodeOnce(encodedResources, resource, writeResource, !resource.asyncAttributesPending));
      // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3 }
      for (const [scope, w] of scopes) {
        out.tag(2, LEN);
        const ss = out.begin(3);
        out.raw(encodeOnce(encodedScopes, scope, writeScope, true));
        out.raw(w.view());
        // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3 }
        if (scope.schemaUrl) {
          out.tag(3, LEN);
          out.string(scope.schemaUrl);
        }
        out.finish(ss, 3);
        releaseWriter(w);
      }
      if (resource.schemaUrl) {
        out.tag(3, LEN);
        out.string(resource.schemaUrl);
      }
      out.finish(rs, 3);
    }
    const sealed = new PooledSealedBatch(this.count, out.view(), out);
    this.groups = new Map();
    this.count = 0;
    this.bytes = 0;
    return sealed;
  }
}
