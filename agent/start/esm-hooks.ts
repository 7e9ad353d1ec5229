// Switches on import-in-the-middle for ESM apps from either preload flag, so
// `--require` (and the Operator's NODE_OPTIONS) instruments ESM apps too.
// Only the modules the agent instruments go through the hook: everything else
// loads untouched, which keeps the hook off the app's startup path.
import path = require('node:path');
import { pathToFileURL } from 'node:url';
import { isMainThread } from './main-thread';
import { log } from '../config/logger';
import { watchEsmGraphStarts, type EsmGraphWatch } from './esm-graph-starts';
import { loadEsmHooks } from './iitm/lazy-hook';

const REGISTERED = Symbol.for('botanu.agent.esm-hooks');
const WATCH_STATE = Symbol.for('botanu.agent.esm-watch');

export type EsmHookMode = 'sync' | 'async' | 'none' | 'already';

type ResolveResult = { url: string; format?: string | null };
type ResolveHook = (specifier: string, context: unknown, next: (specifier: string, context: unknown) => ResolveResult) => ResolveResult;

const keepBuiltinFormat: ResolveHook = (specifier, context, next) => {
  const r = next(specifier, context);
  return r.format === 'commonjs' && r.url.startsWith('node:') ? { ...r, format: 'builtin' } : r;
};

/**
 * Whether import-in-the-middle's synchronous hooks work on this Node: `module.registerHooks`
 * must accept the nullish CommonJS source they return (nodejs/node#59929: 22.22.3, 24.11.1,
 * 25.1.0, 26.0.0). The same answer as its own supports-sync-hooks.mjs (3.6.0, pinned), which
 * is an ES module: require()ing it started Node's ESM loader in every CommonJS app.
 */
export function syncHooksUsable(version: string): boolean {
  const [major, minor, patch] = version.split('.').map((n) => parseInt(n, 10));
  if (major >= 26) return true;
  if (major === 25) return minor >= 1;
  if (major === 24) return minor > 11 || (minor === 11 && patch >= 1);
  if (major === 22) return minor > 22 || (minor === 22 && patch >= 3);
  return false;
}

/**
 * import-in-the-middle's include test (create-hook.mjs, `defaultShouldInclude`): a
 * string entry equal to the specifier or the resolved URL (built-ins also as
 * `node:` URLs), a pattern matching the URL, an absolute path equal to the file's.
 */
export function includeMatcher(include: (string | RegExp)[]): (specifier: string, url: string) => boolean {
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  for (const each of include) {
    if (each instanceof RegExp) patterns.push(each);
    else if (typeof each === 'string') {
      names.add(each);
      if (!each.startsWith('node:')) names.add(`node:${each}`);
      if (path.isAbsolute(each)) names.add(pathToFileURL(each).href);
    }
  }
  return (specifier, url) => names.has(specifier) || names.has(url) || patterns.some((p) => p.test(url));
}

type RegisterHooks = (h: { resolve: ResolveHook; load?: unknown }) => { deregister?(): void } | undefined;
interface IitmHook {
  applyOptions(o: { include: (string | RegExp)[] }): void;
  resolveSync: ResolveHook;
  loadSync: unknown;
}

/** A resolution for require() (Node gives it the 'require' condition; an import gets 'import'). */
function isRequire(context: unknown): boolean {
  return (context as { conditions?: string[] } | undefined)?.conditions?.includes('require') === true;
}

/**
 * import-in-the-middle only ever acts on `import` resolutions of the modules in
 * `include` (it returns every other resolution untouched), and loading it (once
 * a module graph through Node's ESM loader, now dist/iitm/create-hook.cjs, still
 * with the WebAssembly lexers to compile) is a cost an app may not need: so it
 * is loaded on the first `import` of an included module, and an app that never
 * imports one skips it (a CommonJS app whose dependencies are ES modules, loaded
 * by require(esm), resolves their imports through here too). Until then a
 * pass-through resolve hook watches, itself on the chain only while an ES-module
 * graph may be linking (esm-graph-starts.ts: a CommonJS app's require()s never
 * pass it); the resolution that loads it is routed through its resolve hook by
 * hand (it was not yet in the chain), so every import is treated exactly as if
 * it had been registered up front.
 */
function registerSyncOnFirstImport(registerHooks: RegisterHooks, include: (string | RegExp)[], pkgDir: string): void {
  // idle: no ES-module graph has started (esm-graph-starts.ts), nothing on the resolve chain.
  let state: 'idle' | 'waiting' | 'loading' | 'loaded' = 'idle';
  let watcher: { deregister?(): void } | undefined;
  let graphs: EsmGraphWatch | undefined;
  const included = includeMatcher(include);
  const resolve: ResolveHook = (specifier, context, next) => {
    if (state !== 'waiting' || isRequire(context)) return next(specifier, context);
    // Not one import-in-the-middle would wrap: it stays unloaded (the same test as its own, over a superset).
    const resolved = next(specifier, context);
    if (!included(specifier, resolved.url)) return resolved;
    state = 'loading'; // its own modules resolve through here while it loads
    let iitm: IitmHook;
    try {
      // The instrumentations' hooks into import-in-the-middle's registry before any wrapper can exist.
      loadEsmHooks();
      // The same hook register-hooks.mjs's register() creates and registers, kept so this call can use it.
      // Bundled as dist/iitm/create-hook.cjs (esbuild.mjs); created with its own URL, so the
      // wrappers it generates import dist/iitm/lib/register.js (agent/start/iitm/register-facade.mjs).
      const { createHook } = require('import-in-the-middle/create-hook.mjs') as { createHook(meta: { url: string }): IitmHook };
      iitm = createHook({ url: pathToFileURL(path.join(pkgDir, 'dist', 'iitm', 'create-hook.cjs')).href });
      iitm.applyOptions({ include });
      // import-in-the-middle leaves a require() resolution as it is, but keeps the `next` of the
      // last resolution it saw and resolves a wrapped module's star exports with it when it
      // loads: a require()'s (Node's CommonJS resolver, which cannot take its file: URLs)
      // made it fail to wrap a module imported within a require(esm) graph. It sees imports only.
      registerHooks({ resolve: (s, c, n) => (isRequire(c) ? n(s, c) : iitm.resolveSync(s, c, n)), load: iitm.loadSync });
      // Registered after (so it runs around) import-in-the-middle's resolve hook,
      // which reports a builtin required from code with no parent URL (`node -e`,
      // `-p`, the REPL) as format 'commonjs'; Node then tries to read `module` or
      // `os` as a file and the app crashes. Builtins keep their 'builtin' format.
      registerHooks({ resolve: keepBuiltinFormat });
      // The watcher has done its job: off the chain (not from inside a resolution, which may be walking it).
      const done = watcher;
      queueMicrotask(() => {
        try {
          done?.deregister?.();
          graphs?.stop();
        } catch {
          /* stays, as a pass-through */
        }
      });
    } catch (err) {
      log.warn(`ESM hooks could not be registered (${(err as Error)?.message ?? err}); ESM libraries will not be instrumented, CommonJS ones still are`);
      return resolved;
    } finally {
      state = 'loaded';
    }
    return keepBuiltinFormat(specifier, context, (s, c) => iitm.resolveSync(s, c, next));
  };
  const arm = () => {
    if (state !== 'idle') return;
    state = 'waiting';
    watcher = registerHooks({ resolve }) ?? undefined;
  };
  const disarm = () => {
    if (state !== 'waiting' || typeof watcher?.deregister !== 'function') return;
    watcher.deregister();
    watcher = undefined;
    state = 'idle';
  };
  graphs = watchEsmGraphStarts(arm, disarm, () => state !== 'idle');
  if (graphs === undefined) arm();
  // Where the watcher is, for tests and `doctor`: idle (off the chain), waiting, loading or loaded.
  (globalThis as Record<symbol, unknown>)[WATCH_STATE] = () => state;
}

/**
 * Where wrappers may come from a loader the agent does not drive (off-thread, another
 * thread's, or one registered before it), the instrumentations' hooks join
 * import-in-the-middle's registry now, as they always did.
 */
function loadedEsmHooks(mode: EsmHookMode): EsmHookMode {
  try {
    loadEsmHooks();
  } catch (err) {
    log.warn(`ESM hooks could not be registered (${(err as Error)?.message ?? err}); ESM libraries will not be instrumented, CommonJS ones still are`);
  }
  return mode;
}

/**
 * `include`: package names, and patterns for the internal files of ESM-only packages an instrumentation patches.
 * `pkgDir` is this package's root, where import-in-the-middle resolves from.
 */
export function registerEsmHooks(include: (string | RegExp)[], pkgDir: string): EsmHookMode {
  const g = globalThis as Record<symbol, unknown>;
  if (g[REGISTERED]) return loadedEsmHooks('already');
  const mod = require('node:module') as typeof import('node:module') & {
    registerHooks?: unknown;
    register?: (specifier: string, parentURL: string, options?: unknown) => void;
  };
  if (syncHooksUsable(process.versions.node) && typeof mod.registerHooks === 'function') {
    registerSyncOnFirstImport(mod.registerHooks.bind(mod) as RegisterHooks, include, pkgDir);
    g[REGISTERED] = 'sync';
    return 'sync';
  }
  // The off-thread loader is process-wide: register it once, from the main thread.
  if (!isMainThread() || typeof mod.register !== 'function') return loadedEsmHooks('none');
  if (process.execArgv.some((a) => /import-in-the-middle|instrumentation\/hook\.mjs/.test(a))) return loadedEsmHooks('already');
  mod.register('import-in-the-middle/hook.mjs', pathToFileURL(path.join(pkgDir, 'package.json')).href, { data: { include } });
  g[REGISTERED] = 'async';
  return loadedEsmHooks('async');
}
