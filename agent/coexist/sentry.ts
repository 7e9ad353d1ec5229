// @sentry/node. By default (v11) it registers no OpenTelemetry globals and the
// agent runs as usual beside it. With its OpenTelemetry setup on, it registers
// a SentryTracerProvider, which is not an SDK provider (no sampler or
// processors to attach to): then Sentry keeps the global provider and the agent
// records through its own provider, handed to its instrumentations directly.
import { constructorName } from './registry';

export function isSentryComponent(o: unknown): boolean {
  return /^Sentry/.test(constructorName(o));
}

/** Sentry's SDK is loaded in this process (whatever its OpenTelemetry setup). */
export function sentryLoaded(): boolean {
  const carrier = (globalThis as { __SENTRY__?: unknown }).__SENTRY__;
  return !!carrier && typeof carrier === 'object';
}
