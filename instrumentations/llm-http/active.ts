// Whether the llm-http instrumentation is on, and its tracer: the fetch wrapper
// and the node:http hooks (installed by the http instrumentation) both ask here.
import type { Tracer } from '@opentelemetry/api';

let tracer: (() => Tracer) | undefined;

export function setLlmHttpTracer(t: (() => Tracer) | undefined): void {
  tracer = t;
}

/** The tracer while llm-http is enabled, else undefined. */
export function llmHttpTracer(): Tracer | undefined {
  return tracer?.();
}
