// dd-trace registers no OpenTelemetry global; it is known by the global it
// sets when it initialises (`--require dd-trace/init`, before or after the
// agent). It injects its own trace headers (x-datadog-*, traceparent) and, in
// v6, a `baggage` header from the baggage it extracted or was given.
export function ddTraceActive(): boolean {
  return !!(globalThis as { _ddtrace?: unknown })._ddtrace;
}
