// @opentelemetry/instrumentation calls each module definition's patch() from its
// require/import hook without a try/catch: a patch that throws (an unexpected
// library shape, a bug) would surface as an exception from the app's own
// `require('koa')`. Every patch and unpatch runs guarded instead: on failure the
// library loads unpatched and the failure is reported once.
import type { Instrumentation } from '@opentelemetry/instrumentation';

type PatchFn = (exports: unknown, version?: string) => unknown;
interface Patchable {
  name?: string;
  patch?: PatchFn;
  unpatch?: PatchFn;
  files?: Patchable[];
}

const GUARDED = Symbol.for('botanu.patch-guarded');

/** Told after each patch that succeeded: which module, at which version. */
export type OnPatched = (module: string, version: string | undefined) => void;

function guard(def: Patchable & { [GUARDED]?: true }, report: (err: unknown, what: string) => void, patched?: OnPatched): void {
  if (def[GUARDED]) return;
  def[GUARDED] = true;
  for (const key of ['patch', 'unpatch'] as const) {
    const original = def[key];
    if (typeof original !== 'function') continue;
    def[key] = function guardedPatch(this: unknown, exports: unknown, version?: string) {
      try {
        const out = original.call(this, exports, version);
        if (key === 'patch' && patched) {
          try {
            patched(def.name ?? '', version);
          } catch {
            /* bookkeeping only */
          }
        }
        return out;
      } catch (err) {
        report(err, `${key} of ${def.name ?? 'a module'}${version ? ` ${version}` : ''}`);
        return exports;
      }
    };
  }
  for (const f of def.files ?? []) guard(f, report, patched);
}

export function guardPatches(instance: Instrumentation, report: (err: unknown, what: string) => void, patched?: OnPatched): void {
  const defs = (instance as unknown as { _modules?: Patchable[] })._modules;
  if (Array.isArray(defs)) for (const d of defs) guard(d, report, patched);
}
