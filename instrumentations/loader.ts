// Chooses which instrumentations to construct: enabled by env, and whose library
// is installed. Each is constructed in isolation; one that fails is reported
// once and skipped, never taking the others or the app down.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { InstrumentationContext } from '../agent/for-instrumentations';
import { configureContentCapture } from './genai/content-capture';
import { guardPatches } from './guard-patches';
import { publishSharedModules } from './shared-modules';
import { markArmed, markHooked } from './hooked';
import { INSTRUMENTATIONS, shortName, type InstrumentationEntry } from './index';
import { findPackage, installedVersion } from './detect';
import { satisfies } from './version-range';

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
  for (const e of entries) if (!e.builtin) warnings.push(...uncoveredVersions(e));
  return { entries, warnings };
}

/** One line per installed library version the entry does not cover: it loads untouched, untraced. */
function uncoveredVersions(e: InstrumentationEntry): string[] {
  const out: string[] = [];
  for (const [m, range] of Object.entries(e.supported ?? {})) {
    const v = installedVersion(m);
    if (v && satisfies(v, range) === false) out.push(`${m} ${v} is installed but not covered: the ${e.name} instrumentation covers ${e.versions}, so its calls are not traced (its HTTP requests still are)`);
  }
  return out;
}

export interface Constructed {
  entry: InstrumentationEntry;
  /** One or more: an entry may pair an upstream instrumentation with a fix of ours. */
  instances: Instrumentation[];
}

export function constructInstrumentations(
  entries: InstrumentationEntry[],
  ctx: InstrumentationContext,
  onError: (entry: InstrumentationEntry, err: unknown) => void,
  onHooked?: (entry: InstrumentationEntry, module: string, version: string | undefined) => void,
): Constructed[] {
  configureContentCapture(ctx.genai);
  publishSharedModules();
  const out: Constructed[] = [];
  for (const entry of entries) {
    try {
      const created = entry.create(ctx);
      const instances = Array.isArray(created) ? created : [created];
      let reported = false;
      for (const instance of instances)
        guardPatches(
          instance,
          (err, what) => {
            if (!reported) onError(entry, new Error(`${what} failed, the library is left untraced: ${(err as Error)?.message ?? err}`));
            reported = true;
          },
          (module, version) => {
            if (markHooked(entry.name, version)) onHooked?.(entry, module, version);
          },
        );
      markArmed(entry.name);
      out.push({ entry, instances });
    } catch (err) {
      onError(entry, new Error(`could not start and is skipped: ${(err as Error)?.message ?? err}`));
    }
  }
  return out;
}
