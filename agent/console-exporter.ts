// OTEL_TRACES_EXPORTER=console: one JSON line per span on stdout.
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Destination } from './config';
import type { SendResult } from './otlp-http-exporter';

export class ConsoleExporter {
  constructor(readonly destination: Destination) {}

  send(spans: ReadableSpan[]): Promise<SendResult> {
    for (const s of spans) {
      const c = s.spanContext();
      const line = {
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
      };
      try {
        process.stdout.write(JSON.stringify(line) + '\n');
      } catch {
        /* stdout closed */
      }
    }
    return Promise.resolve({ ok: true });
  }

  shutdown(): void {}
}
