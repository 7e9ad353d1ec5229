// OTEL_TRACES_EXPORTER=console: one JSON line per span on stdout.
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Destination } from '../config/config';
import fs = require('node:fs');
import type { BatchExporter, SendResult } from './batch-exporter';
import type { BatchBuilder, SealedBatch } from './otlp/proto-batch';

function line(s: ReadableSpan): string {
  const c = s.spanContext();
  return JSON.stringify({
    traceId: c.traceId,
    spanId: c.spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    sampled: (c.traceFlags & 1) === 1,
    name: s.name,
    kind: s.kind,
    durationMs: s.duration[0] * 1e3 + s.duration[1] / 1e6,
    status: s.status,
    attributes: s.attributes,
    scope: s.instrumentationScope.name,
    service: s.resource.attributes['service.name'],
  });
}

class ConsoleBatch implements BatchBuilder {
  private lines: string[] = [];
  bytes = 0;
  get count(): number {
    return this.lines.length;
  }
  add(span: ReadableSpan): void {
    const l = line(span) + '\n';
    this.lines.push(l);
    this.bytes += l.length;
  }
  seal(): SealedBatch {
    const lines = this.lines;
    this.lines = [];
    this.bytes = 0;
    return { count: lines.length, body: Buffer.from(lines.join('')) };
  }
}

export class ConsoleExporter implements BatchExporter {
  constructor(readonly destination: Destination) {}

  newBatch(): BatchBuilder {
    return new ConsoleBatch();
  }

  send(batch: SealedBatch): Promise<SendResult> {
    try {
      process.stdout.write(batch.body);
    } catch {
      /* stdout closed */
    }
    return Promise.resolve({ ok: true });
  }

  sendAtExit(batches: SealedBatch[]): boolean {
    for (const b of batches) fs.writeSync(1, b.body);
    return true;
  }

  shutdown(): void {}
}
