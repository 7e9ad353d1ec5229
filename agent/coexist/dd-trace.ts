// dd-trace registers no OpenTelemetry global; it is known by the global it
// sets when it initialises (`--require dd-trace/init`, before or after the
// agent). It injects its own trace headers (x-datadog-*, traceparent) and, in
// v6, a `baggage` header from the baggage it extracted or was given.
import { log } from '../config/logger';

export function ddTraceActive(): boolean {
  const dd = (globalThis as { _ddtrace?: { _tracingInitialized?: boolean } })._ddtrace;
  // Loaded but with tracing off (DD_TRACE_ENABLED=false) it writes no header: the agent propagates as usual.
  return !!dd && dd.constructor?.name !== 'NoopProxy' && dd._tracingInitialized !== false;
}

/** Says once what happens with dd-trace, whenever it is first seen (it may load after the agent). */
export function announceDdTrace(): void {
  log.once('info', 'dd-trace', 'dd-trace detected: it keeps its spans and owns the trace headers; botanu records its own spans and propagates only its run context (baggage)');
}

type DdStorage = { run<R>(store: unknown, fn: () => R): R };
let ddStorage: DdStorage | undefined;

/** dd-trace's own context storage, found among the loaded modules once dd-trace is active. */
function findDdStorage(): DdStorage | undefined {
  if (ddStorage || !ddTraceActive()) return ddStorage;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cache = require.cache as Record<string, { exports?: { storage?: (name: string) => DdStorage } } | undefined>;
  for (const [file, mod] of Object.entries(cache)) {
    if (!/[\\/]dd-trace[\\/]packages[\\/]datadog-core[\\/]index\.js$/.test(file)) continue;
    const s = mod?.exports?.storage?.('legacy');
    if (s && typeof s.run === 'function') return (ddStorage = s);
  }
  return undefined;
}

/**
 * Runs fn the way dd-trace runs its own exports (its store marked noop): its
 * instrumentations then record nothing of the agent's export requests and
 * connections. Without dd-trace, just fn().
 */
export function invisibleToDdTrace<T>(fn: () => T): T {
  let s: DdStorage | undefined;
  try {
    s = findDdStorage();
  } catch {
    s = undefined;
  }
  return s ? s.run({ noop: true }, fn) : fn();
}
