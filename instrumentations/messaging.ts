// Message brokers covered by maintained OpenTelemetry instrumentations. Both
// inject traceparent + baggage into the message headers through the global
// propagator and start the consumer span from the extracted context (not the
// consumer's ambient one), so the run context crosses the hop as baggage and
// RunContextEnricher stamps it on the consumer span and everything under it.
import { propagation, ROOT_CONTEXT, type Span, type TextMapGetter } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { MAX_ATTRIBUTE_VALUE_LENGTH, RUN_CONTEXT_KEYS } from '../agent/for-instrumentations';

/* eslint-disable @typescript-eslint/no-require-imports */

export function createAmqplibInstrumentation(): Instrumentation {
  // useLinksForConsume stays off: with it the consumer would drop the producer's baggage.
  return new (require('@opentelemetry/instrumentation-amqplib').AmqplibInstrumentation)();
}

type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const kafkaHeaderGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier ?? {}),
  get: (carrier, key) => {
    const v = carrier?.[key];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.map(String) : String(v);
  },
};

/**
 * Copies the run context a message carries onto its span. Needed where the span
 * is not started from the message's context: kafkajs `eachBatch` starts each
 * message's process span under the batch's receive span.
 */
export function stampRunContext<C>(span: Span, carrier: C, getter: TextMapGetter<C>): void {
  const baggage = propagation.getBaggage(propagation.extract(ROOT_CONTEXT, carrier, getter));
  if (!baggage) return;
  const existing = (span as Span & { attributes?: Record<string, unknown> }).attributes ?? {};
  for (const key of RUN_CONTEXT_KEYS) {
    const v = baggage.getEntry(key)?.value;
    if (v && existing[key] === undefined) span.setAttribute(key, v.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH));
  }
}

export function createKafkajsInstrumentation(): Instrumentation {
  return new (require('@opentelemetry/instrumentation-kafkajs').KafkaJsInstrumentation)({
    consumerHook: (span: Span, info: { message?: { headers?: KafkaHeaders } }) => {
      // eachMessage spans already have it from their parent context; eachBatch spans do not.
      if (info.message?.headers) stampRunContext(span, info.message.headers, kafkaHeaderGetter);
    },
  });
}
