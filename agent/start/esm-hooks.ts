// Switches on import-in-the-middle for ESM apps from either preload flag, so
// `--require` (and the Operator's NODE_OPTIONS) instruments ESM apps too.
// Only the modules the agent instruments go through the hook: everything else
// loads untouched, which keeps the hook off the app's startup path.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const REGISTERED = Symbol.for('botanu.agent.esm-hooks');

export type EsmHookMode = 'sync' | 'async' | 'none' | 'already';

type ResolveResult = { url: string; format?: string | null };
type ResolveHook = (specifier: string, context: unknown, next: (specifier: string, context: unknown) => ResolveResult) => ResolveResult;

const keepBuiltinFormat: ResolveHook = (specifier, context, next) => {
  const r = next(specifier, context);
  return r.format === 'commonjs' && r.url.startsWith('node:') ? { ...r, format: 'builtin' } : r;
};

/**
 * `include`: package names, and patterns for the internal files of ESM-only packages an instrumentation patches.
 * `pkgDir` is this package's root, where import-in-the-middle resolves from.
 */
export function registerEsmHooks(include: (string | RegExp)[], pkgDir: string): EsmHookMode {
  const g = globalThis as Record<symbol, unknown>;
  if (g[REGISTERED]) return 'already';
  const mod = require('node:module') as typeof import('node:module') & {
    registerHooks?: unknown;
    register?: (specifier: string, parentURL: string, options?: unknown) => void;
  };
  const supportsSync = (require('import-in-the-middle/supports-sync-hooks.mjs') as { supportsSyncHooks(): boolean }).supportsSyncHooks();
  if (supportsSync && typeof mod.registerHooks === 'function') {
    const { register } = require('import-in-the-middle/register-hooks.mjs') as { register(o: unknown): void };
    register({ include });
    // Registered after (so it runs around) import-in-the-middle's resolve hook,
    // which reports a builtin required from code with no parent URL (`node -e`,
    // `-p`, the REPL) as format 'commonjs'; Node then tries to read `module` or
    // `os` as a file and the app crashes. Builtins keep their 'builtin' format.
    (mod.registerHooks as (h: { resolve: ResolveHook }) => void)({ resolve: keepBuiltinFormat });
    g[REGISTERED] = 'sync';
    return 'sync';
  }
  // The off-thread loader is process-wide: register it once, from the main thread.
  if (!isMainThread || typeof mod.register !== 'function') return 'none';
  if (process.execArgv.some((a) => /import-in-the-middle|instrumentation\/hook\.mjs/.test(a))) return 'already';
  mod.register('import-in-the-middle/hook.mjs', pathToFileURL(path.join(pkgDir, 'package.json')).href, { data: { include } });
  g[REGISTERED] = 'async';
  return 'async';
}
