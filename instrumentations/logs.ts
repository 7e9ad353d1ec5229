// Log correlation for pino, winston and bunyan: the maintained instrumentations
// add trace_id, span_id and trace_flags to each record written under an active
// span; their logHook adds the run (botanu.run_id, botanu.workflow and the other
// botanu keys present in the active baggage), so a log store groups logs by run
// with no join. Their log-sending part stays off: the agent exports traces, and
// the app's own transports already carry the records.
import { context, propagation } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { MAX_ATTRIBUTE_VALUE_LENGTH, type InstrumentationContext } from '../agent/for-instrumentations';
import { widenSupportedVersions } from './widen-versions';

/* eslint-disable @typescript-eslint/no-require-imports */

type LogHook = (span: unknown, record: Record<string, unknown>) => void;

/** Copies the configured baggage keys present in the active context onto the record, never over a field the app set. */
export function runContextLogHook(keys: readonly string[]): LogHook | undefined {
  if (keys.length === 0) return undefined;
  return (_span, record) => {
    const baggage = propagation.getBaggage(context.active());
    if (!baggage) return;
    for (const key of keys) {
      const v = baggage.getEntry(key)?.value;
      if (v && record[key] === undefined) record[key] = v.length > MAX_ATTRIBUTE_VALUE_LENGTH ? v.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH) : v;
    }
  };
}

function logConfig(ctx: InstrumentationContext) {
  return { disableLogSending: true, logHook: runContextLogHook(ctx.logs.runContextKeys) };
}

export function createPinoInstrumentation(ctx: InstrumentationContext): Instrumentation {
  return new (require('@opentelemetry/instrumentation-pino').PinoInstrumentation)(logConfig(ctx));
}

export function createWinstonInstrumentation(ctx: InstrumentationContext): Instrumentation {
  return new (require('@opentelemetry/instrumentation-winston').WinstonInstrumentation)(logConfig(ctx));
}

export function createBunyanInstrumentation(ctx: InstrumentationContext): Instrumentation {
  // bunyan 2 kept the Logger/_emit/createLogger shape the instrumentation patches (test/logs-correlation.test.ts).
  return widenSupportedVersions(new (require('@opentelemetry/instrumentation-bunyan').BunyanInstrumentation)(logConfig(ctx)), 'bunyan', '>=1.0.0 <2', '>=1.0.0 <3');
}
