// import-in-the-middle's `Hook` as @opentelemetry/instrumentation's
// InstrumentationBase gets it (esbuild.mjs routes that one import here): each
// enabled instrumentation registers its modules for ES-module wrapping at startup,
// but loading import-in-the-middle's entry (it also loads node:worker_threads for a
// MessageChannel the agent never uses) is ~1.5 ms an app importing no ES module
// the agent wraps never needs. The hooks wait here and are registered, in order,
// with import-in-the-middle's one registry when ESM wrapping can begin
// (loadEsmHooks: before the first wrapper is created, ../esm-hooks.ts); from
// then on each is registered as it is made, as before.
interface RealHook {
  unhook(): void;
}
type HookArgs = [modules: unknown, options: unknown, hookFn: unknown];
type HookClass = new (...args: HookArgs) => RealHook;

let real: HookClass | undefined;

class WaitingHook {
  inner: RealHook | undefined = undefined;
  unhooked = false;
  constructor(readonly args: HookArgs) {}
  unhook(): void {
    if (this.inner !== undefined) this.inner.unhook();
    else this.unhooked = true;
  }
}

const waiting: WaitingHook[] = [];

/** `new Hook(modules, options, hookFn)`: import-in-the-middle's once it is loaded, a stand-in until then. */
export const Hook = function Hook(...args: HookArgs): RealHook {
  if (real !== undefined) return new real(...args);
  const h = new WaitingHook(args);
  waiting.push(h);
  return h;
} as unknown as HookClass;

/** Loads import-in-the-middle and registers every hook made so far (idempotent). */
export function loadEsmHooks(): void {
  if (real !== undefined) return;
  real = (require('import-in-the-middle') as { Hook: HookClass }).Hook;
  for (const h of waiting.splice(0)) if (!h.unhooked) h.inner = new real(...h.args);
}
