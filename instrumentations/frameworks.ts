// Web frameworks and GraphQL covered by maintained OpenTelemetry instrumentations,
// built with the settings that keep their spans few and free of request data.
// NestJS 12 kept the internals its instrumentation patches (test/frameworks-servers.test.ts),
// so its declared range is widened to it; graphql 17 is traced from its own channels.
import type { Tracer } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { SUPPORTED_VERSIONS } from './supported-versions';
import { widenSupportedVersions } from './widen-versions';

/* eslint-disable @typescript-eslint/no-require-imports */

interface MainDefinition {
  name: string;
  supportedVersions: string[];
  patch?: (exports: unknown, version?: string) => unknown;
}

export function createNestInstrumentation(): Instrumentation {
  return widenSupportedVersions(new (require('@opentelemetry/instrumentation-nestjs-core').NestInstrumentation)(), '@nestjs/core', '>=4.0.0 <12', '>=4.0.0 <13');
}

export function createGraphqlInstrumentation(): Instrumentation {
  const instance = new (require('@opentelemetry/instrumentation-graphql').GraphQLInstrumentation)({
    // Argument values can be customer data; a span per plain property read is noise.
    allowValues: false,
    ignoreTrivialResolveSpans: true,
  }) as Instrumentation & { tracer: Tracer };
  // graphql 17 publishes its own tracing channels: its first load subscribes to them
  // (graphql/tracing-channels.ts); 14-16 are patched by the upstream file hooks (< 17 only).
  const main = ((instance as unknown as { _modules?: MainDefinition[] })._modules ?? []).find((d) => d.name === 'graphql');
  if (main) {
    const patch = main.patch;
    main.supportedVersions = [SUPPORTED_VERSIONS.graphql.graphql];
    main.patch = (exports: unknown, version?: string) => {
      if (Number(version?.split('.')[0]) >= 17) require('./graphql/tracing-channels').subscribeGraphqlChannels(() => instance.tracer);
      return patch ? patch(exports, version) : exports;
    };
  }
  return instance;
}

export function createDataloaderInstrumentation(): Instrumentation {
  // Loads outside any trace (warm-ups, timers) make no root spans.
  return new (require('@opentelemetry/instrumentation-dataloader').DataloaderInstrumentation)({ requireParentSpan: true });
}
