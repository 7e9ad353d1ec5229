// Global fetch and undici client spans (diagnostics_channel based, no patching).
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

export function createUndiciInstrumentation() {
  return new UndiciInstrumentation();
}
