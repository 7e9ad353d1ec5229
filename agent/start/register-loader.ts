// What the preload entry (register.cjs / register.mjs) loads: evaluates the ~850 KB
// bundle dist/register.cjs through a V8 code cache, because compiling it was the
// largest single cost of the agent's startup. It is evaluated exactly as a
// require() would: same Module object in require.cache under the same filename,
// same require/module/__filename/__dirname, dynamic import() through Node's own
// loader. The cache is written once, after startup (so the functions compiled
// lazily while starting are in it), and only for the bundle: the app's own
// modules compile as they always do. Any failure before the bundle runs falls
// back to a plain require(), silently.
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');
import { CodeCacheStore } from './code-cache-store';

declare const __BOTANU_BUNDLE_HASH__: string;

/** What happened, for the debug startup lines (`code cache: ...`). */
const STATUS = Symbol.for('botanu.agent.code-cache');
const WRITE_AFTER_MS = 2000;
const MIN = [22, 15];
// The constructor itself (an `import * as` namespace is not constructible).
const Module = require('node:module') as ModuleInternals;

type ModuleInternals = typeof import('node:module') & {
  _cache: Record<string, NodeJS.Module>;
  _nodeModulePaths(dir: string): string[];
  new (id: string, parent?: NodeJS.Module): NodeJS.Module;
};

function setStatus(s: string): void {
  (globalThis as Record<symbol, unknown>)[STATUS] = s;
}

function supported(): boolean {
  const [maj, min] = process.versions.node.split('.').map(Number);
  return (maj > MIN[0] || (maj === MIN[0] && min >= MIN[1])) && typeof vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === 'symbol';
}

// Flags (with their value) that name what to load or run, not how to compile it.
const PRELOAD_FLAG = /^(--require|-r|--import|--loader|--experimental-loader|--eval|-e|--print|-p)$/;

/**
 * The process's flags that may change how V8 compiles (a cache made under others is
 * rejected): all of them but the preloads and `-e`/`-p` code, which differ between
 * launches of one app (`--import` here, NODE_OPTIONS `--require` there) and change nothing in V8.
 * NODE_OPTIONS is read only for this, as part of the cache's name, not as configuration.
 */
function compileFlags(): string {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (PRELOAD_FLAG.test(args[i])) i++;
    else if (args[i] && !PRELOAD_FLAG.test(args[i].split('=')[0])) kept.push(args[i]);
  }
  return kept.sort().join(' ');
}

/** Compiles the bundle with the cache; returns the function the bundle's body becomes. */
function compile(filename: string, cache: CodeCacheStore): { fn: Function; script: vm.Script; needsWrite: boolean } {
  const source = fs.readFileSync(filename, 'utf8');
  const hit = cache.read();
  // The wrapper a CommonJS module gets, on one line so the bundle's line numbers stay its own.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename,
    cachedData: hit?.data,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const fn = script.runInThisContext({ displayErrors: true }) as Function;
  if (!hit) setStatus('miss (written after startup)');
  else if (script.cachedDataRejected) setStatus(`rejected by this V8 (rewritten after startup): ${hit.dir}`);
  else setStatus(`hit: ${hit.dir}`);
  return { fn, script, needsWrite: !hit || script.cachedDataRejected === true };
}

/** The `require` a CommonJS module gets: loads through the module (parent/children as usual). */
function requireFor(m: NodeJS.Module, filename: string): NodeJS.Require {
  const base = Module.createRequire(filename);
  const req = function require(id: string) {
    return m.require(id);
  } as NodeJS.Require;
  req.resolve = base.resolve;
  req.main = base.main;
  req.extensions = base.extensions;
  req.cache = base.cache;
  return req;
}

function writeLater(script: vm.Script, cache: CodeCacheStore): void {
  let done = false;
  const write = () => {
    if (done) return;
    done = true;
    process.removeListener('exit', write);
    clearTimeout(timer);
    try {
      const dir = cache.write(script.createCachedData());
      setStatus(dir ? `written: ${dir}` : 'off (no writable cache directory)');
    } catch {
      /* no cache this time */
    }
  };
  // After startup, or at exit for a process that ends sooner (`node -e`, a CLI).
  const timer = setTimeout(write, WRITE_AFTER_MS);
  timer.unref();
  process.once('exit', write);
}

function loadBundle(parent: NodeJS.Module, distDir: string): void {
  const filename = path.join(distDir, 'register.cjs');
  if (!supported() || Module._cache[filename]) {
    // An unsupported Node gets the bundle's own warning; a second load is a no-op, as with require().
    require(filename);
    return;
  }
  let cache: CodeCacheStore;
  let compiled: ReturnType<typeof compile>;
  let m: NodeJS.Module;
  try {
    cache = new CodeCacheStore(path.dirname(distDir), fs.statSync(filename), __BOTANU_BUNDLE_HASH__, compileFlags());
    compiled = compile(filename, cache);
    m = new Module(filename, parent);
    m.filename = filename;
    m.paths = Module._nodeModulePaths(distDir);
  } catch (err) {
    setStatus(`unavailable (${(err as Error)?.message ?? err})`);
    require(filename);
    return;
  }
  // From here on this is require()'s own sequence: cache first, evaluate, mark loaded or forget it.
  Module._cache[filename] = m;
  try {
    compiled.fn.call(m.exports, m.exports, requireFor(m, filename), m, filename, distDir);
    m.loaded = true;
  } catch (err) {
    // As require() does: forget the module, and the error is the bundle's, so it propagates.
    delete Module._cache[filename];
    parent.children?.splice(parent.children.indexOf(m) >>> 0, 1);
    throw err;
  }
  if (compiled.needsWrite) writeLater(compiled.script, cache);
}

loadBundle(module, __dirname);
