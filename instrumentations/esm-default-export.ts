// Some instrumentations patch functions on a CommonJS module's exports object
// (mysql: `createConnection`). An ESM app that does `import mysql from 'mysql'`
// calls them on the `default` export, which the ESM hook hands over separately
// from the named exports: patch it too.
import type { InstrumentationBase, InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';

type Patch = NonNullable<InstrumentationModuleDefinition['patch']>;

export function alsoPatchDefaultExport<T extends InstrumentationBase>(instrumentation: T): T {
  // The definitions the hooks use (getModuleDefinitions() would build new ones).
  const defs = (instrumentation as unknown as { _modules?: InstrumentationModuleDefinition[] })._modules;
  if (!Array.isArray(defs)) return instrumentation;
  for (const def of defs) {
    const patch = def.patch;
    if (!patch) continue;
    def.patch = ((exports: Record<string, unknown>, version?: string) => {
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
    }) as Patch;
  }
  return instrumentation;
}

/**
 * For instrumentations whose patch wraps the module itself (connect: the exports
 * are the `connect()` factory): an ESM app's import hands the patch a namespace,
 * whose `default` is the factory. Wrap that, and leave the namespace in place.
 */
export function patchDefaultExportOfNamespace<T extends InstrumentationBase>(instrumentation: T): T {
  const defs = (instrumentation as unknown as { _modules?: InstrumentationModuleDefinition[] })._modules;
  if (!Array.isArray(defs)) return instrumentation;
  for (const def of defs) {
    const patch = def.patch;
    if (!patch) continue;
    def.patch = ((exports: Record<string | symbol, unknown>, version?: string) => {
      if (exports?.[Symbol.toStringTag] !== 'Module' || typeof exports.default !== 'function') return patch(exports, version);
      exports.default = patch(exports.default, version);
      return exports;
    }) as Patch;
  }
  return instrumentation;
}
