// OTEL_EXPORTER_OTLP_PROTOCOL=http/json: the batch keeps its spans and is
// serialized by @opentelemetry/otlp-transformer when sealed (JSON cannot be
// framed span by span the way the protobuf batch is).
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { BatchBuilder, SealedBatch } from './proto-batch';

export class JsonBatchBuilder implements BatchBuilder {
  private spans: ReadableSpan[] = [];
  readonly bytes = 0;

  get count(): number {
    return this.spans.length;
  }

  add(span: ReadableSpan): void {
    this.spans.push(span);
  }

  seal(): SealedBatch {
    const spans = this.spans;
    this.spans = [];
    let body: Uint8Array | undefined;
    try {
      body = JsonTraceSerializer.serializeRequest(spans);
    } catch {
      body = undefined;
    }
    // An unserializable batch is sent as nothing and fails as a whole, counted.
    return { count: spans.length, body: body ?? new Uint8Array() };
  }
}
