// The propagator named by OTEL_PROPAGATORS (tracecontext,baggage by default).
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import { AgentTraceContextPropagator } from './trace-context-propagator';

export function configuredPropagator(names: string[]): TextMapPropagator {
  const list: TextMapPropagator[] = [];
  for (const n of names) {
    if (n === 'tracecontext') list.push(new AgentTraceContextPropagator());
    else if (n === 'baggage') list.push(new W3CBaggagePropagator());
    else if (n === 'b3' || n === 'b3multi') {
      // Loaded only when asked for: most services never use B3.
      const b3 = require('@opentelemetry/propagator-b3') as typeof import('@opentelemetry/propagator-b3');
      list.push(new b3.B3Propagator({ injectEncoding: n === 'b3' ? b3.B3InjectEncoding.SINGLE_HEADER : b3.B3InjectEncoding.MULTI_HEADER }));
    }
  }
  return new CompositePropagator({ propagators: list });
}
