// The one table of instrumentations the agent knows: the short name used by
// OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS, the
// modules it patches (also how it is detected, and the ESM hook include list),
// the package that covers it, and a loader. Nothing here is required until the
// library is found installed and the instrumentation is enabled.
import type { Instrumentation } from '@opentelemetry/instrumentation';

export interface InstrumentationEntry {
  /** Short name, as in OTEL_NODE_ENABLED_INSTRUMENTATIONS. */
  name: string;
  /** Modules it patches. Node builtins are always present. */
  modules: string[];
  /** Detected by the presence of any of these packages (defaults to `modules`). */
  detectBy?: string[];
  /** Always active, independent of what is installed (e.g. global fetch). */
  builtin?: boolean;
  /** The package providing it. */
  coveredBy: string;
  /** Supported versions of the library, as declared by the instrumentation. */
  versions: string;
  create(): Instrumentation;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const INSTRUMENTATIONS: InstrumentationEntry[] = [
  {
    name: 'http',
    modules: ['http', 'https'],
    builtin: true,
    coveredBy: '@opentelemetry/instrumentation-http',
    versions: 'node:http, node:https',
    create: () => require('./http').createHttpInstrumentation(),
  },
  {
    name: 'undici',
    modules: [],
    builtin: true,
    coveredBy: '@opentelemetry/instrumentation-undici',
    versions: 'global fetch, undici >=5.12',
    create: () => require('./undici').createUndiciInstrumentation(),
  },
  {
    name: 'express',
    modules: ['express'],
    coveredBy: '@opentelemetry/instrumentation-express',
    versions: '>=4.0.0 <6',
    create: () => new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)(),
  },
  {
    name: 'fastify',
    modules: ['fastify'],
    coveredBy: '@fastify/otel',
    versions: '>=4.0.0 <6',
    create: () => new (require('@fastify/otel').FastifyOtelInstrumentation)({ registerOnInitialization: true }),
  },
  {
    name: 'koa',
    modules: ['koa'],
    coveredBy: '@opentelemetry/instrumentation-koa',
    versions: '>=2.0.0 <4',
    create: () => new (require('@opentelemetry/instrumentation-koa').KoaInstrumentation)(),
  },
];

/** Accepts `express` and the upstream spelling `@opentelemetry/instrumentation-express`. */
export function shortName(name: string): string {
  return name.trim().replace(/^@opentelemetry\/instrumentation-/, '').toLowerCase();
}
