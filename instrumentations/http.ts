// node:http / node:https client and server spans.
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

export function createHttpInstrumentation() {
  return new HttpInstrumentation({
    // Outgoing calls made outside any request (a worker, a cron job) are part of a run too.
    requireParentforOutgoingSpans: false,
  });
}
