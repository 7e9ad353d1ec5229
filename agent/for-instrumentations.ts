// The whole of the agent that instrumentations/ may use. Nothing else in agent/
// is imported from there (test/layout.test.ts checks), so an instrumentation can
// be read, moved or replaced without knowing how the agent starts or exports.
import type { GenAiSettings, LogSettings } from './config/config';
import { AGENT_VERSION } from './version';

export { AGENT_VERSION } from './version';
export { log } from './config/logger';
export type { GenAiSettings, LogSettings } from './config/config';
export { DEFAULT_GENAI_CONTENT_MAX_LENGTH } from './config/config';
export { BOTANU_PREFIX, MAX_ATTRIBUTE_VALUE_LENGTH, RUN_CONTEXT_KEYS, RUN_ID } from './run/attributes';
export { withoutBotanuEntries } from './run/baggage-boundary';
export { isVendorTelemetryRequest } from './coexist/vendor-telemetry';
export { startSpanOwningAttributes } from './spans/tracer';
export { activeContextStore } from './run/context-manager';
export { indexOf, slice, toLowerCase } from './string-methods';

/** What the agent's configuration (read once, at startup) hands each instrumentation it creates. */
export interface InstrumentationContext {
  /** May botanu.* baggage go to this host? (BOTANU_BAGGAGE_DENY_HOSTS / BOTANU_BAGGAGE_ALLOW_HOSTS) */
  baggageAllowedTo(host: string): boolean;
  genai: GenAiSettings;
  logs: LogSettings;
}

/** The instrumentation scope of every instrumentation botanu writes: one naming rule, the agent's version. */
export function botanuScope(library: string): [name: string, version: string] {
  return [`@botanu/instrumentation-${library}`, AGENT_VERSION];
}
