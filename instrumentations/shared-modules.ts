// The instrumentations of frameworks, ORMs and loggers are bundled apart
// (dist/lazy/, see esbuild.mjs) so an app that installs none of those libraries
// compiles none of their code at startup. When one is loaded it must use the
// preload bundle's @opentelemetry/api and @opentelemetry/instrumentation (one
// require hook, one set of patch helpers), which this publishes for it.
import * as api from '@opentelemetry/api';
import * as instrumentation from '@opentelemetry/instrumentation';

const SHARED = Symbol.for('botanu.agent.shared-modules');

export function publishSharedModules(): void {
  const g = globalThis as Record<symbol, unknown>;
  g[SHARED] ??= { '@opentelemetry/api': api, '@opentelemetry/instrumentation': instrumentation };
}
