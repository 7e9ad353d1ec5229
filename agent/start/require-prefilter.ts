// require-in-the-middle (RITM), as @opentelemetry/instrumentation sets it up, sees
// every require() of the process: for each one it resolves the file again, then
// resolves the package's main file a third time, only to learn that the module is
// not one an instrumentation hooks. That was most of the agent's startup spent in
// RITM. This filter sits in front of RITM and sends a require() straight to the
// original when the file it names cannot belong to a hooked package, decided from
// the request string and the requiring file's path alone (no file system).
// Anything it cannot decide (built-ins, odd callers, paths through node_modules
// it does not recognise) goes through RITM exactly as before.
//
// Skipping is what RITM itself would do for such a file: call the original
// require and hand back its exports untouched (it only also caches them, and
// that cache would have served a later-armed hook the unpatched exports).
import Module = require('node:module');
import path = require('node:path');
import { log } from '../config/logger';

type RequireFn = (this: unknown, id: string) => unknown;
/** The live test of hooked packages, by package name (`name` or `@scope/name`). */
export type HookedNames = (pkg: string) => boolean;
/**
 * Whether a hooked package's own file can be patched: an instrumentation names
 * that file (`file`: its path in the package as required, maybe without its
 * extension), or a deeper module path in the package (then any file). When not,
 * a file of the package requiring another of its files by a relative path skips
 * RITM. Without `file`: whether any of its files can be.
 */
export type HooksInternals = (pkg: string, file?: string) => boolean;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The package a path lies in (the one after its last node_modules segment), as `name` or `@scope/name`. */
function packageOfPath(file: string): string | undefined {
  const at = file.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const start = at + NODE_MODULES.length;
  const end = file.indexOf(path.sep, start);
  if (end === -1) return undefined;
  if (file.charCodeAt(start) !== 64 /* @ */) return file.slice(start, end);
  const end2 = file.indexOf(path.sep, end + 1);
  if (end2 === -1) return undefined;
  return `${file.slice(start, end)}/${file.slice(end + 1, end2)}`;
}

/**
 * Whether require(id) from `parent` may load a file of a hooked package.
 * true: maybe (RITM decides); false: certainly not.
 */
export function mayBeHooked(id: unknown, parent: unknown, hooked: HookedNames, internals?: HooksInternals): boolean {
  if (typeof id !== 'string' || id.length === 0) return true;
  const c = id.charCodeAt(0);
  if (c === 46 /* . */ || c === 47 /* / */ || c === 35 /* # */ || path.isAbsolute(id)) {
    const from = (parent as { filename?: unknown } | null)?.filename;
    if (typeof from !== 'string' || !path.isAbsolute(from)) return true;
    // '#x' (package imports) stays in the requiring package; a path names its file.
    const target = c === 35 ? from : path.resolve(path.dirname(from), id);
    const pkg = packageOfPath(target);
    if (pkg === undefined) {
      // Outside node_modules RITM cannot name a package and does nothing, unless a
      // symlink leads into node_modules: only a request that spells it out can.
      return target.lastIndexOf(NODE_MODULES) !== -1 || id.includes('node_modules');
    }
    if (!hooked(pkg)) return false;
    // A hooked package's file requiring another of its own files: only file-level
    // hooks could want it (its entry, if reached this way first, is still patched
    // when the app requires the package by name: RITM never saw it).
    if (internals !== undefined && packageOfPath(from) === pkg && c !== 47 && !path.isAbsolute(id)) {
      // The target's path inside the package (after the package's own directory).
      const root = target.lastIndexOf(NODE_MODULES) + NODE_MODULES.length + pkg.length;
      return internals(pkg, c === 35 ? undefined : target.slice(root + 1).split(path.sep).join('/'));
    }
    return true;
  }
  if (id.startsWith('node:') || Module.isBuiltin(id)) return true;
  // A bare specifier names its package (an npm alias installs under the alias's
  // name, which RITM reports, so it matches only if that name is hooked).
  const slash = id.indexOf('/');
  if (c !== 64 /* @ */) return hooked(slash === -1 ? id : id.slice(0, slash));
  if (slash === -1) return true;
  const slash2 = id.indexOf('/', slash + 1);
  return hooked(slash2 === -1 ? id : id.slice(0, slash2));
}

interface TrieNode {
  hooks: unknown[];
  children: Map<string, TrieNode>;
}

/** The hooked-name test over @opentelemetry/instrumentation's module-name trie (read live: later registrations count). */
export function trieNames(root: TrieNode): HookedNames {
  return (pkg) => {
    const slash = pkg.charCodeAt(0) === 64 /* @ */ ? pkg.indexOf('/') : -1;
    const node = root.children.get(slash === -1 ? pkg : pkg.slice(0, slash));
    if (node === undefined) return false;
    // a hook on a whole scope covers its packages
    return slash === -1 || node.hooks.length > 0 || node.children.has(pkg.slice(slash + 1));
  };
}

/**
 * The packages whose own files the instrumentations patch: a module definition
 * with files, or named by a deeper path than its package. Read live from the
 * definitions registered with the shared require hook (every instrumentation,
 * also one constructed after startup or beside another: a build-time edit of
 * @opentelemetry/instrumentation records them, scripts/upstream-fixes.mjs).
 * A definition it cannot read sends every file to RITM from then on.
 */
export function internalsHookedBy(registered: () => unknown): HooksInternals {
  // package → the stems (path in the package, no extension) of its hooked files; ANY_FILE for a deeper module name.
  const pkgs = new Map<string, Set<string>>();
  let seen = 0;
  let unreadable = false;
  const stemsOf = (pkg: string) => {
    let stems = pkgs.get(pkg);
    if (stems === undefined) pkgs.set(pkg, (stems = new Set()));
    return stems;
  };
  return (pkg, file) => {
    const list = registered();
    if (!Array.isArray(list)) return true;
    for (; seen < list.length && !unreadable; seen++) {
      const m = list[seen] as { name?: unknown; files?: unknown } | null;
      if (typeof m?.name !== 'string' || !Array.isArray(m.files)) {
        unreadable = true;
        break;
      }
      const depth = m.name.startsWith('@') ? 2 : 1;
      const parts = m.name.split('/');
      const pkgName = parts.slice(0, depth).join('/');
      if (parts.length > depth) stemsOf(pkgName).add(ANY_FILE);
      for (const f of m.files as { name?: unknown }[]) {
        const name = typeof f?.name === 'string' ? path.posix.normalize(f.name) : undefined;
        if (name === undefined || !name.startsWith(`${pkgName}/`)) stemsOf(pkgName).add(ANY_FILE);
        else stemsOf(pkgName).add(stem(name.slice(pkgName.length + 1)));
      }
    }
    if (unreadable) return true;
    const stems = pkgs.get(pkg);
    if (stems === undefined) return false;
    if (file === undefined || stems.has(ANY_FILE)) return true;
    // As required: './client', './client.js', a directory ('./lib' for lib/index.js), '../x/../y'.
    const f = path.posix.normalize(file);
    return stems.has(f) || stems.has(stem(f)) || stems.has(`${f}/index`);
  };
}

const ANY_FILE = '*';
/** A file's path without a module extension (the forms a require() may name it by). */
function stem(file: string): string {
  return file.replace(/\.(?:js|cjs|mjs|json|node)$/, '');
}

export interface ModuleNameTrie {
  _trie: TrieNode;
}

/** What the filter reads of @opentelemetry/instrumentation's require hook singleton. */
export interface RequireHookSingleton {
  _moduleNameTrie?: Partial<ModuleNameTrie>;
  /** The module definitions registered with it (the build-time edit "instrumentation-startup-cost" in scripts/upstream-fixes.mjs). */
  _botanuModules?: unknown[];
}

/** The require hook singleton behind an upstream InstrumentationBase instance, and its trie, if this build's internals are as expected. */
export function requireHookOf(instance: unknown): { singleton: RequireHookSingleton; trie: TrieNode } | undefined {
  const singleton = (instance as { _requireInTheMiddleSingleton?: RequireHookSingleton } | null)?._requireInTheMiddleSingleton;
  const root = singleton?._moduleNameTrie?._trie;
  return singleton && root && root.children instanceof Map && Array.isArray(root.hooks) ? { singleton, trie: root } : undefined;
}

export interface RequireWatch {
  /** Stops watching; puts the filter in front of RITM if `hooked` is given and exactly one hook was installed. */
  finish(hooked: (() => { names: HookedNames; internals?: HooksInternals } | undefined) | undefined): void;
}

/**
 * Watches Module.prototype.require while the agent starts (RITM's hook is
 * installed with the first instrumentation). When exactly one hook was
 * installed over the original, finish() puts the filter in front of it; when
 * none or several were (a hook in between must never be skipped), all stays as is.
 */
export function watchRequireHooks(): RequireWatch {
  const proto = Module.prototype as unknown as { require: RequireFn };
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'require');
  const original = proto.require;
  let current = original;
  let sets = 0;
  let watching = false;
  if (descriptor && descriptor.configurable && 'value' in descriptor) {
    try {
      Object.defineProperty(proto, 'require', {
        configurable: true,
        enumerable: descriptor.enumerable,
        get: () => current,
        set: (v: RequireFn) => {
          sets++;
          current = v;
        },
      });
      watching = true;
    } catch {
      /* not watchable: no filter */
    }
  }
  return {
    finish(namesOf) {
      if (!watching) return;
      watching = false;
      Object.defineProperty(proto, 'require', { ...descriptor, value: current });
      if (namesOf === undefined || sets !== 1 || current === original) return;
      let hooked: { names: HookedNames; internals?: HooksInternals } | undefined;
      try {
        hooked = namesOf();
      } catch {
        hooked = undefined;
      }
      if (hooked === undefined) {
        log.debug('require prefilter: module-name trie not found; every require() goes through require-in-the-middle');
        return;
      }
      const ritm = current;
      const { names, internals } = hooked;
      proto.require = function require(this: unknown, id: string) {
        let maybe = true;
        try {
          maybe = mayBeHooked(id, this, names, internals);
        } catch {
          /* undecided: RITM decides */
        }
        // eslint-disable-next-line prefer-rest-params
        return (maybe ? ritm : original).apply(this, arguments as unknown as [string]);
      } as RequireFn;
      Object.defineProperty(proto.require, 'name', { value: original.name, configurable: true });
      log.debug(`require prefilter: on${internals ? '' : ' (every file of a hooked package goes through require-in-the-middle)'}`);
    },
  };
}
