// Chooses which instrumentations to construct: enabled by env, and whose library
// is installed. Each is constructed in isolation; one that fails is reported
// once and skipped, never taking the others or the app down.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { INSTRUMENTATIONS, shortName, type InstrumentationEntry } from './index';
import { findPackage } from './detect';

export interface Selection {
  entries: InstrumentationEntry[];
  warnings: string[];
}

export function selectInstrumentations(enabled: string[] | undefined, disabled: string[]): Selection {
  const known = new Map(INSTRUMENTATIONS.map((e) => [e.name, e]));
  const warnings: string[] = [];
  const validate = (variable: string, names: string[]) =>
    names.map(shortName).filter((n) => {
      if (known.has(n)) return true;
      warnings.push(`${variable}: unknown instrumentation ${JSON.stringify(n.slice(0, 60))} (known: ${[...known.keys()].join(', ')}); ignoring it`);
      return false;
    });
  const on = enabled ? new Set(validate('OTEL_NODE_ENABLED_INSTRUMENTATIONS', enabled)) : new Set(known.keys());
  for (const n of validate('OTEL_NODE_DISABLED_INSTRUMENTATIONS', disabled)) on.delete(n);
  const entries = INSTRUMENTATIONS.filter((e) => on.has(e.name) && (e.builtin || (e.detectBy ?? e.modules).some((m) => findPackage(m))));
  return { entries, warnings };
}

export interface Constructed {
  entry: InstrumentationEntry;
  instance: Instrumentation;
}

export function constructInstrumentations(entries: InstrumentationEntry[], onError: (entry: InstrumentationEntry, err: unknown) => void): Constructed[] {
  const out: Constructed[] = [];
  for (const entry of entries) {
    try {
      out.push({ entry, instance: entry.create() });
    } catch (err) {
      onError(entry, err);
    }
  }
  return out;
}
