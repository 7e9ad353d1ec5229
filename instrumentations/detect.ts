// Is a library installed where the app would load it from? Each node_modules up
// from the app's entry script and the cwd is listed once, then one stat per
// library found there: cheap, and it needs no package `exports` to expose package.json. A library
// that is only a dependency of another counts too: pnpm keeps it in its virtual
// store (node_modules/.pnpm/<name>@<version>/node_modules/<name>), listed once.
import fs = require('node:fs');
import path = require('node:path');

function searchRoots(): string[] {
  const roots = new Set<string>();
  const main = process.argv[1];
  if (main) roots.add(path.dirname(path.resolve(main)));
  roots.add(process.cwd());
  return [...roots];
}

let dirs: string[] | undefined;
function nodeModulesDirs(): string[] {
  if (dirs) return dirs;
  const out = new Set<string>();
  for (const root of searchRoots()) {
    let d = root;
    for (;;) {
      if (path.basename(d) !== 'node_modules') out.add(path.join(d, 'node_modules'));
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  for (const p of (process.env.NODE_PATH ?? '').split(path.delimiter)) if (p) out.add(path.resolve(p));
  dirs = [...out].filter((d) => {
    try {
      return fs.statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
  return dirs;
}

const stores = new Map<string, string[]>();
/** The entries of a pnpm virtual store (node_modules/.pnpm), read once; [] when there is none. */
function pnpmStore(nodeModules: string): string[] {
  let entries = stores.get(nodeModules);
  if (!entries) {
    try {
      entries = fs.readdirSync(path.join(nodeModules, '.pnpm'));
    } catch {
      entries = [];
    }
    stores.set(nodeModules, entries);
  }
  return entries;
}

/** pnpm names a store entry `<name with / as +>@<version>[_<peers>]`. */
function inPnpmStore(nodeModules: string, name: string): string | undefined {
  const prefix = `${name.replace('/', '+')}@`;
  for (const e of pnpmStore(nodeModules)) {
    if (!e.startsWith(prefix)) continue;
    const dir = path.join(nodeModules, '.pnpm', e, 'node_modules', name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

// A directory's entries, read once: asked for ~100 library names at startup, one
// listing per node_modules (and per @scope in it) answers most with no stat at all.
const listings = new Map<string, Set<string> | null>();
function listing(dir: string): Set<string> | null {
  let names = listings.get(dir);
  if (names === undefined) {
    try {
      names = new Set(fs.readdirSync(dir));
    } catch {
      names = null;
    }
    listings.set(dir, names);
  }
  return names;
}

/** Whether node_modules lists the package's directory (a scoped name through its scope's directory). */
function listed(nodeModules: string, name: string): boolean {
  const slash = name.charCodeAt(0) === 64 /* @ */ ? name.indexOf('/') : -1;
  if (slash === -1) return listing(nodeModules)?.has(name) !== false;
  const scope = name.slice(0, slash);
  if (listing(nodeModules)?.has(scope) === false) return false;
  return listing(path.join(nodeModules, scope))?.has(name.slice(slash + 1)) !== false;
}

/** The directory of an installed package (at the top of a node_modules, or in a pnpm store), or undefined. */
export function findPackage(name: string): string | undefined {
  const all = nodeModulesDirs();
  for (const d of all) {
    if (!listed(d, name)) continue;
    const dir = path.join(d, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  for (const d of all) {
    const dir = inPnpmStore(d, name);
    if (dir) return dir;
  }
  return undefined;
}

// Asked at startup for the coverage check and again for the startup line: read each package.json once.
const versions = new Map<string, string | undefined>();

export function installedVersion(name: string): string | undefined {
  if (versions.has(name)) return versions.get(name);
  const dir = findPackage(name);
  let version: string | undefined;
  try {
    version = dir ? JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version : undefined;
  } catch {
    version = undefined;
  }
  versions.set(name, version);
  return version;
}
