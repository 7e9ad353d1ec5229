// A maintained instrumentation declares the library versions it was released
// for; a newer major whose API it still fits (tested here, e.g. NestJS 12,
// graphql 17, bunyan 2) would otherwise load untraced. This widens the one
// declared range the instrumentation's hooks check, on its live definitions.
// The exact range text must match: when an upgrade changes it, nothing is
// widened and the tests of that newer major fail, so it is re-checked.
import type { Instrumentation } from '@opentelemetry/instrumentation';

interface VersionedDefinition {
  name?: string;
  supportedVersions?: string[];
  files?: VersionedDefinition[];
}

/** Replaces `from` with `to` in the supported versions of `module`'s definitions and their files. */
export function widenSupportedVersions<T extends Instrumentation>(instance: T, module: string, from: string, to: string): T {
  // The definitions the hooks use (getModuleDefinitions() would build new ones).
  const defs = (instance as unknown as { _modules?: VersionedDefinition[] })._modules;
  if (!Array.isArray(defs)) return instance;
  const widen = (d: VersionedDefinition) => {
    if (Array.isArray(d.supportedVersions) && d.supportedVersions.includes(from)) d.supportedVersions = d.supportedVersions.map((r) => (r === from ? to : r));
  };
  for (const def of defs) {
    if (def.name !== module) continue;
    widen(def);
    for (const f of def.files ?? []) widen(f);
  }
  return instance;
}
