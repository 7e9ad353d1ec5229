// dd-trace registers no OpenTelemetry global; it is known by the global it
// sets when it initialises (`--require dd-trace/init`, before or after the
// agent). It injects its own trace headers (x-datadog-*, traceparent) and, in
// v6, a `baggage` header from the baggage it extracted or was given.
import { log } from '../config/logger';

export function ddTraceActive(): boolean {
  const dd = (globalThis as { _ddtrace?: { _tracingInitialized?: boolean } })._ddtrace;
  // Loaded but with tracing off (DD_TRACE_ENABLED=false) it writes no header: the agent propagates as usual.
  return !!dd && dd.constructor?.name !== 'NoopProxy' && dd._tracingInitialized !== false;
}

/** Says once what happens with dd-trace, whenever it is first seen (it may load after the agent). */
export function announceDdTrace(): void {
  log.once('info', 'dd-trace', 'dd-trace detected: it keeps its spans and owns the trace headers; botanu records its own spans and propagates only its run context (baggage)');
}
