// Some instrumentations patch functions on a CommonJS module's exports object
// (mysql: `createConnection`). An ESM app that does `import mysql from 'mysql'`
// calls them on the `default` export, which the ESM hook hands over separately
// from the named exports: patch it too. Others wrap the module itself (connect,
// lru-memoizer: the exports are a function): there the ESM hook hands over a
// namespace whose `default` is that function.
import type { InstrumentationBase, InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';

type Patch = NonNullable<InstrumentationModuleDefinition['patch']>;

/** Replaces each module definition's patch with `wrap(patch)`, on the definitions the hooks use. */
function rewrapPatches<T extends InstrumentationBase>(instrumentation: T, wrap: (patch: Patch) => Patch): T {
  // getModuleDefinitions() would build new ones.
  const defs = (instrumentation as unknown as { _modules?: InstrumentationModuleDefinition[] })._modules;
  if (!Array.isArray(defs)) return instrumentation;
  for (const def of defs) if (def.patch) def.patch = wrap(def.patch);
  return instrumentation;
}

export function alsoPatchDefaultExport<T extends InstrumentationBase>(instrumentation: T): T {
  return rewrapPatches(instrumentation, (patch) =>
    ((exports: Record<string, unknown>, version?: string) => {
      const patched = patch(exports, version);
      const dflt = exports?.default;
      if (dflt && dflt !== exports && typeof dflt === 'object') {
        try {
          patch(dflt, version);
        } catch {
          /* the named exports are patched; the module loads either way */
        }
      }
      return patched;
    }) as Patch,
  );
}

/** For a patch that wraps the module function itself: under ESM it wraps the namespace's `default`, leaving the namespace in place. */
export function patchDefaultExportOfNamespace<T extends InstrumentationBase>(instrumentation: T): T {
  return rewrapPatches(instrumentation, (patch) =>
    ((exports: Record<string | symbol, unknown>, version?: string) => {
      if (exports?.[Symbol.toStringTag] !== 'Module' || typeof exports.default !== 'function') return patch(exports, version);
      exports.default = patch(exports.default, version);
      return exports;
    }) as Patch,
  );
}
