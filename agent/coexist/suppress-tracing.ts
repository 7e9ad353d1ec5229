// Runs the agent's own network calls with tracing suppressed, through the
// context manager actually registered. Going through the agent's api would do
// nothing when the app's older api (1.9) created the registry (the 1.10 api
// cannot read it), and the app's http instrumentation would then trace every
// export the agent makes (a feedback loop). The suppression key is a
// Symbol.for key, the same in every api version. Other tracers do not read
// OpenTelemetry's context: dd-trace is told in its own terms (invisibleToDdTrace).
import { context, ROOT_CONTEXT, type ContextManager } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { invisibleToDdTrace } from './dd-trace';
import { rawRegistry } from './registry';

export function withTracingSuppressed<T>(fn: () => T): T {
  const ctx = suppressTracing(ROOT_CONTEXT);
  const registered = rawRegistry()?.context as ContextManager | undefined;
  if (registered && typeof registered.with === 'function') return invisibleToDdTrace(() => registered.with(ctx, fn));
  return invisibleToDdTrace(() => context.with(ctx, fn));
}
