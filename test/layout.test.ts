// The source tree's shape, as docs/architecture.md describes it: no import
// cycles; instrumentations/ reach the agent only through agent/for-instrumentations.ts;
// only the composition roots (agent/start, agent/cli) know instrumentations/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers/paths';

const SOURCE_DIRS = ['agent', 'instrumentations'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative imports of a file (static, type-only, and lazy require()), resolved to files. */
function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:from|require\(|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const hit = [base, `${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (hit && hit.endsWith('.ts')) out.push(hit);
  }
  return out;
}

const files = SOURCE_DIRS.flatMap((d) => sources(path.join(ROOT, d)));
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(ROOT, f);

test('no import cycles in agent/ and instrumentations/', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...stack.slice(stack.indexOf(f)), f].map(rel).join(' → '));
      return;
    }
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) visit(d);
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) visit(f);
  expect(cycles).toEqual([]);
});

test('instrumentations/ use the agent only through agent/for-instrumentations.ts', () => {
  const surface = path.join(ROOT, 'agent', 'for-instrumentations.ts');
  const stray = files
    .filter((f) => rel(f).startsWith('instrumentations'))
    .flatMap((f) => (graph.get(f) ?? []).filter((d) => rel(d).startsWith('agent') && d !== surface).map((d) => `${rel(f)} → ${rel(d)}`));
  expect(stray).toEqual([]);
});

test('only agent/start and agent/cli know instrumentations/', () => {
  const stray = files
    .filter((f) => rel(f).startsWith('agent') && !/^agent[\\/](start|cli)[\\/]/.test(rel(f)))
    .flatMap((f) => (graph.get(f) ?? []).filter((d) => rel(d).startsWith('instrumentations')).map((d) => `${rel(f)} → ${rel(d)}`));
  expect(stray).toEqual([]);
});

// `import * as fs from 'node:fs'` (or a default import) bundles as esbuild's
// __toESM(require('node:fs')): a copy of every export behind a getter, made when
// the module initialises at startup (~3 ms of an express app's start, issue 14).
// `import fs = require('node:fs')` is the module object itself.
test('the preload code takes Node builtins as they are, not as copied namespaces', () => {
  const copied = files
    .filter((f) => !/^agent[\\/]cli[\\/]/.test(rel(f)))
    .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/^import (?!type\b)(\* as \w+|\w+)(, *\{[^}]*\})? from '(node:[\w/]+)';/gm)].map((m) => `${rel(f)}: ${m[0]}`));
  expect(copied).toEqual([]);
});
