// Builds a kustomization the way `kustomize build` does, for the subset deploy/kustomize uses:
// `resources` (files or directories with a kustomization), `components` (kind: Component),
// and `patches` (inline or path) applied as strategic-merge patches to targets selected by
// kind / name / equality-based labelSelector. A patch containing a list, a set-based
// selector, or any other kustomization field throws rather than being ignored.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocs, readDocs } from './yaml-docs.mjs';

const SUPPORTED = new Set(['apiVersion', 'kind', 'metadata', 'resources', 'components', 'patches']);

function kustomizationFile(dir) {
  for (const n of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) if (fs.existsSync(path.join(dir, n))) return path.join(dir, n);
  throw new Error(`no kustomization in ${dir}`);
}

export function parseSelector(sel) {
  return sel.split(',').map((part) => {
    const m = part.trim().match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/);
    if (!m) throw new Error(`unsupported labelSelector term "${part}" (equality-based only)`);
    return { key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
  });
}

function matches(doc, target) {
  if (target.kind && doc.kind !== target.kind) return false;
  const [group, version] = doc.apiVersion?.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.name && doc.metadata?.name !== target.name) return false;
  if (target.namespace && doc.metadata?.namespace !== target.namespace) return false;
  if (target.labelSelector) {
    const labels = doc.metadata?.labels ?? {};
    for (const t of parseSelector(target.labelSelector)) if ((labels[t.key] === t.value) !== (t.op === '=')) return false;
  }
  if (target.annotationSelector) throw new Error('annotationSelector is not supported by this renderer');
  return true;
}

/** Strategic merge for maps; lists would need merge keys, so they are refused. */
function merge(into, patch, where) {
  const out = { ...into };
  for (const [k, v] of Object.entries(patch)) {
    if (Array.isArray(v)) throw new Error(`patch list at ${where}.${k} is not supported by this renderer`);
    if (v === null) delete out[k];
    else if (typeof v === 'object') out[k] = merge(typeof into?.[k] === 'object' && into[k] !== null ? into[k] : {}, v, `${where}.${k}`);
    else out[k] = v;
  }
  return out;
}

export function build(dir, expectKind = 'Kustomization') {
  const file = kustomizationFile(dir);
  const k = readDocs(file)[0];
  if (k.kind !== expectKind) throw new Error(`${file}: kind ${k.kind}, expected ${expectKind}`);
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key)) throw new Error(`${file}: field "${key}" is not supported by this renderer`);
  let docs = [];
  for (const r of k.resources ?? []) {
    const p = path.resolve(dir, r);
    docs.push(...(fs.statSync(p).isDirectory() ? build(p) : readDocs(p)));
  }
  const patchSets = [];
  for (const c of k.components ?? []) patchSets.push(...componentPatches(path.resolve(dir, c)));
  patchSets.push(...(k.patches ?? []).map((p) => ({ ...p, base: dir })));
  for (const p of patchSets) docs = applyPatch(docs, p);
  return docs;
}

function componentPatches(dir) {
  const file = kustomizationFile(dir);
  const k = readDocs(file)[0];
  if (k.kind !== 'Component') throw new Error(`${file}: a component must be kind: Component`);
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key) || key === 'resources' || key === 'components') throw new Error(`${file}: field "${key}" is not supported in a component by this renderer`);
  return (k.patches ?? []).map((p) => ({ ...p, base: dir }));
}

function applyPatch(docs, p) {
  const patches = p.patch ? parseDocs(p.patch, 'inline patch') : readDocs(path.resolve(p.base, p.path));
  if (patches.length !== 1) throw new Error('exactly one patch document per patches entry');
  const [patch] = patches;
  const target = p.target ?? { kind: patch.kind, name: patch.metadata?.name };
  // apiVersion/kind identify the patch; with a target, its metadata.name is only a placeholder.
  const { apiVersion: _a, kind: _k, metadata, ...body } = patch;
  const { name: _n, ...meta } = metadata ?? {};
  return docs.map((d) => (matches(d, target) ? merge(d, { ...body, metadata: meta }, d.kind) : d));
}
