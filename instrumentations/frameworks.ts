// Web frameworks and GraphQL covered by maintained OpenTelemetry instrumentations,
// built with the settings that keep their spans few and free of request data.
// NestJS 12 and graphql 17 kept the internals these instrumentations patch
// (test/frameworks-*.test.ts), so their declared ranges are widened to them.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { widenSupportedVersions } from './widen-versions';

/* eslint-disable @typescript-eslint/no-require-imports */

export function createNestInstrumentation(): Instrumentation {
  return widenSupportedVersions(new (require('@opentelemetry/instrumentation-nestjs-core').NestInstrumentation)(), '@nestjs/core', '>=4.0.0 <12', '>=4.0.0 <13');
}

export function createGraphqlInstrumentation(): Instrumentation {
  const instance = new (require('@opentelemetry/instrumentation-graphql').GraphQLInstrumentation)({
    // Argument values can be customer data; a span per plain property read is noise.
    allowValues: false,
    ignoreTrivialResolveSpans: true,
  });
  return widenSupportedVersions(instance, 'graphql', '>=14.0.0 <17', '>=14.0.0 <18');
}

export function createDataloaderInstrumentation(): Instrumentation {
  // Loads outside any trace (warm-ups, timers) make no root spans.
  return new (require('@opentelemetry/instrumentation-dataloader').DataloaderInstrumentation)({ requireParentSpan: true });
}
