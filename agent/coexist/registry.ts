// The raw OpenTelemetry global registry. Read through the symbol, not through
// `trace.getTracerProvider()`: the agent's bundled api (1.10) refuses to read a
// registry created by an older api minor, and would report "nothing registered".
export const REGISTRY_KEY = Symbol.for('opentelemetry.js.api.1');

export interface RawRegistry {
  version?: string;
  trace?: unknown;
  context?: unknown;
  propagation?: unknown;
  [slot: string]: unknown;
}

export function rawRegistry(): RawRegistry | undefined {
  const g = (globalThis as Record<symbol, unknown>)[REGISTRY_KEY];
  return g && typeof g === 'object' ? (g as RawRegistry) : undefined;
}

/** The registry's api minor version (9 for 1.9.x), or undefined. */
export function registryMinor(reg: RawRegistry | undefined): number | undefined {
  const m = /^1\.(\d+)\./.exec(String(reg?.version ?? ''));
  return m ? Number(m[1]) : undefined;
}

/** The tracer provider behind the registered ProxyTracerProvider (or the registered object itself). */
export function registeredTracerProvider(reg: RawRegistry | undefined): object | undefined {
  const t = reg?.trace as { getDelegate?: () => unknown } | undefined;
  if (!t || typeof t !== 'object') return undefined;
  let delegate: unknown = t;
  try {
    if (typeof t.getDelegate === 'function') delegate = t.getDelegate();
  } catch {
    return undefined;
  }
  if (!delegate || typeof delegate !== 'object') return undefined;
  // The api's own placeholder: nothing is really registered.
  if ((delegate as object).constructor?.name === 'NoopTracerProvider') return undefined;
  return delegate as object;
}

export function constructorName(o: unknown): string {
  try {
    return (o as object | undefined)?.constructor?.name ?? '';
  } catch {
    return '';
  }
}
