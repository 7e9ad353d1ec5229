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
import Module from 'node:module';
import * as path from 'node:path';
import { log } from '../config/logger';

type RequireFn = (this: unknown, id: string) => unknown;
/** The live set of hooked module names, as the first segment(s) of their paths. */
export type HookedNames = (first: string, second: string | undefined) => boolean;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The package a path lies in: the one after its last node_modules segment. */
function packageOfPath(file: string, hooked: HookedNames): boolean | undefined {
  const at = file.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const start = at + NODE_MODULES.length;
  const end = file.indexOf(path.sep, start);
  if (end === -1) return undefined;
  const first = file.slice(start, end);
  if (first.charCodeAt(0) !== 64 /* @ */) return hooked(first, undefined);
  const end2 = file.indexOf(path.sep, end + 1);
  return hooked(first, file.slice(end + 1, end2 === -1 ? undefined : end2));
}

/**
 * Whether require(id) from `parent` may load a file of a hooked package.
 * true: maybe (RITM decides); false: certainly not.
 */
export function mayBeHooked(id: unknown, parent: unknown, hooked: HookedNames): boolean {
  if (typeof id !== 'string' || id.length === 0) return true;
  const c = id.charCodeAt(0);
  if (c === 46 /* . */ || c === 47 /* / */ || c === 35 /* # */ || path.isAbsolute(id)) {
    const from = (parent as { filename?: unknown } | null)?.filename;
    if (typeof from !== 'string' || !path.isAbsolute(from)) return true;
    // '#x' (package imports) stays in the requiring package; a path names its file.
    const target = c === 35 ? from : path.resolve(path.dirname(from), id);
    const inHooked = packageOfPath(target, hooked);
    if (inHooked !== undefined) return inHooked;
    // Outside node_modules RITM cannot name a package and does nothing, unless a
    // symlink leads into node_modules: only a request that spells it out can.
    return id.includes('node_modules');
  }
  if (id.startsWith('node:') || Module.isBuiltin(id)) return true;
  // A bare specifier names its package (an npm alias installs under the alias's
  // name, which RITM reports, so it matches only if that name is hooked).
  const slash = id.indexOf('/');
  if (c !== 64 /* @ */) return hooked(slash === -1 ? id : id.slice(0, slash), undefined);
  if (slash === -1) return true;
  const slash2 = id.indexOf('/', slash + 1);
  return hooked(id.slice(0, slash), id.slice(slash + 1, slash2 === -1 ? undefined : slash2));
}

interface TrieNode {
  hooks: unknown[];
  children: Map<string, TrieNode>;
}

/** The hooked-name test over @opentelemetry/instrumentation's module-name trie (read live: later registrations count). */
export function trieNames(root: TrieNode): HookedNames {
  return (first, second) => {
    const node = root.children.get(first);
    if (node === undefined) return false;
    if (second === undefined || node.hooks.length > 0) return true;
    return node.children.has(second);
  };
}

/** The trie behind an upstream InstrumentationBase instance, if this build's internals are as expected. */
export function trieOf(instance: unknown): TrieNode | undefined {
  const trie = (instance as { _requireInTheMiddleSingleton?: { _moduleNameTrie?: { _trie?: TrieNode } } } | null)?._requireInTheMiddleSingleton?._moduleNameTrie?._trie;
  return trie && trie.children instanceof Map && Array.isArray(trie.hooks) ? trie : undefined;
}

export interface RequireWatch {
  /** Stops watching; puts the filter in front of RITM if `hooked` is given and exactly one hook was installed. */
  finish(hooked: (() => HookedNames | undefined) | undefined): void;
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
      let hooked: HookedNames | undefined;
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
      const names = hooked;
      proto.require = function require(this: unknown, id: string) {
        let maybe = true;
        try {
          maybe = mayBeHooked(id, this, names);
        } catch {
          /* undecided: RITM decides */
        }
        // eslint-disable-next-line prefer-rest-params
        return (maybe ? ritm : original).apply(this, arguments as unknown as [string]);
      } as RequireFn;
      Object.defineProperty(proto.require, 'name', { value: original.name, configurable: true });
      log.debug('require prefilter: on');
    },
  };
}
