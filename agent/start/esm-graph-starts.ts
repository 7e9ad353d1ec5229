// When an ES-module graph can start, so the ESM watcher (esm-hooks.ts) is on the
// resolve chain only then. Any `module.registerHooks` resolve hook makes Node's
// CommonJS loader convert every require() to a file: URL and back for the hook
// chain: ~10 ms of a 150 ms CommonJS startup, for a watcher that only ever acts
// on `import` resolutions. An ES-module graph starts in one of three ways:
// - Node's loader imports a module: the entry point (also a CommonJS one, when an
//   --import preload is given), an --import preload, a dynamic import(): Node
//   publishes `tracing:module.import:start` before resolving what it imports;
// - require() of an ES module (require(esm)): it passes Module.prototype.load
//   with the file, whose format is known from its extension or package.json "type".
// The watcher is armed on either, and disarmed again when the require(esm) that
// armed it returns (its graph is linked and evaluated by then) or when the entry
// point that armed it turns out to be CommonJS (Node loads it with
// Module.prototype.load), until the next start. An entry that is an ES module by
// its syntax alone (a .js without "type") Node hands to its ESM loader: the first
// way. Without a script to run (`-e`, `-p`, the REPL, stdin) the caller arms it
// at once, as before.
import dc = require('node:diagnostics_channel');
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import { fileURLToPath } from 'node:url';

export interface EsmGraphWatch {
  /** The watcher has done its job (import-in-the-middle is loaded): stop watching. */
  stop(): void;
}

type Load = (this: unknown, filename: string) => unknown;

const IMPORT_START = 'tracing:module.import:start';

/** Whether a file loaded by require() is an ES module, by its extension and the nearest package.json's "type". */
export function esmFileTest(): (filename: string) => boolean {
  const typeOfDir = new Map<string, boolean>();
  const dirIsModule = (dir: string): boolean => {
    const known = typeOfDir.get(dir);
    if (known !== undefined) return known;
    let isModule = false;
    const pj = path.join(dir, 'package.json');
    if (fs.statSync(pj, { throwIfNoEntry: false })?.isFile()) {
      try {
        const text = fs.readFileSync(pj, 'utf8');
        isModule = /"type"\s*:\s*"module"/.test(text) && (JSON.parse(text) as { type?: unknown }).type === 'module';
      } catch {
        isModule = false;
      }
    } else {
      const parent = path.dirname(dir);
      isModule = parent !== dir && path.basename(dir) !== 'node_modules' && dirIsModule(parent);
    }
    typeOfDir.set(dir, isModule);
    return isModule;
  };
  return (filename) => {
    const ext = path.extname(filename);
    if (ext === '.mjs' || ext === '.mts') return true;
    if (ext !== '.js' && ext !== '.ts') return false;
    return dirIsModule(path.dirname(filename));
  };
}

/**
 * Calls `arm` when an ES-module graph may start, and `disarm` when the entry point
 * that armed it is CommonJS or the require(esm) that armed it has returned.
 * Returns undefined when it cannot watch (no script, or this Node lacks what it
 * needs): then the caller arms at once.
 */
export function watchEsmGraphStarts(arm: () => void, disarm: () => void, armed: () => boolean): EsmGraphWatch | undefined {
  const proc = process as NodeJS.Process & { _eval?: string };
  if (proc._eval != null || !process.argv[1] || typeof dc.subscribe !== 'function') return undefined;
  const proto = Module.prototype as unknown as { load: Load };
  const originalLoad = proto.load;
  if (typeof originalLoad !== 'function') return undefined;
  const isEsm = esmFileTest();
  let entry: string | undefined; // the entry point Node's loader just started importing
  // Armed by Node's loader starting an import: its resolutions come later, asynchronously, so it stays armed.
  let pinned = false;
  const onImportStart = (message: unknown) => {
    try {
      arm();
      pinned = true;
      const { url, parentURL } = (message ?? {}) as { url?: unknown; parentURL?: unknown };
      // The entry point has no parent (an --import preload or import() has one); Node gives its URL as a URL object.
      const href = typeof url === 'string' ? url : url instanceof URL ? url.href : undefined;
      if (parentURL === undefined && href?.startsWith('file:')) entry = fileURLToPath(href);
    } catch {
      /* armed or not, the app runs on */
    }
  };
  /** Whether this load armed the watcher for its own require(esm) graph. */
  const sawLoad = (filename: unknown): boolean => {
    if (typeof filename !== 'string') return false;
    if (entry !== undefined) {
      // The first file require() loads after the entry started importing: the entry itself if it is CommonJS.
      const wasEntry = filename === entry;
      entry = undefined;
      if (wasEntry && !isEsm(filename)) {
        pinned = false;
        disarm();
        return false;
      }
    }
    if (armed() || !isEsm(filename)) return false;
    arm();
    return true;
  };
  try {
    dc.subscribe(IMPORT_START, onImportStart);
    proto.load = function load(this: unknown, filename: string) {
      let armedHere = false;
      try {
        armedHere = sawLoad(filename);
      } catch {
        /* the load goes on as if unwatched */
      }
      try {
        // eslint-disable-next-line prefer-rest-params
        return originalLoad.apply(this, arguments as unknown as [string]);
      } finally {
        // require(esm) links and evaluates its graph before returning: its imports have all been resolved.
        try {
          if (armedHere && !pinned) disarm();
        } catch {
          /* stays armed: a pass-through */
        }
      }
    };
  } catch {
    return undefined;
  }
  const wrappedLoad = proto.load;
  return {
    stop() {
      try {
        dc.unsubscribe(IMPORT_START, onImportStart);
        // Only if nobody wrapped it since (then ours stays, a pass-through once armed).
        if (proto.load === wrappedLoad) proto.load = originalLoad;
      } catch {
        /* stays watching: arm() is a no-op from now on */
      }
    },
  };
}
