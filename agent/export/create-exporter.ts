// The one place that picks the exporter for a destination (the agent and
// `doctor`'s live check use the same one, so the check tests the real transport).
import type { Destination } from '../config/config';
import type { BatchExporter } from './batch-exporter';
import { ConsoleExporter } from './console-exporter';
import { OtlpGrpcExporter } from './otlp-grpc-exporter';
import { OtlpHttpExporter } from './otlp-http-exporter';

export function createExporter(d: Destination): BatchExporter {
  if (d.kind === 'console') return new ConsoleExporter(d);
  return d.protocol === 'grpc' ? new OtlpGrpcExporter(d) : new OtlpHttpExporter(d);
}
