// Validates custom resources against a CRD's structural schema with ajv, as the API server
// does under strict field validation: unknown fields are errors (unless the schema says
// x-kubernetes-preserve-unknown-fields), x-kubernetes-int-or-string takes either, and the
// Kubernetes integer/duration formats are checked. CEL rules are counted, not evaluated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMAS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const GO_DURATION = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/;

/** Rewrites a Kubernetes structural schema into plain JSON Schema (strict about unknown fields). */
export function toJsonSchema(s) {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'x-kubernetes-validations') continue;
    if (k === 'properties' || k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, toJsonSchema(ps)]));
    else if (typeof v === 'object') out[k] = toJsonSchema(v);
    else out[k] = v;
  }
  if (s['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.type === 'object' && s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

function countCel(s) {
  if (!s || typeof s !== 'object') return 0;
  let n = Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'].length : 0;
  for (const v of Object.values(s)) if (typeof v === 'object') n += countCel(v);
  return n;
}

function newAjv() {
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
  ajv.addFormat('duration', GO_DURATION);
  return ajv;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** metadata is `type: object` in every CRD; check what the API server checks for it. */
export function checkMetadata(doc, namespaced) {
  const errors = [];
  const m = doc.metadata ?? {};
  if (!m.name || !DNS_SUBDOMAIN.test(m.name) || m.name.length > 253) errors.push(`metadata.name ${JSON.stringify(m.name)} is not a DNS subdomain`);
  if (namespaced && m.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(m.namespace)) errors.push(`metadata.namespace ${JSON.stringify(m.namespace)} is not a DNS label`);
  for (const f of ['labels', 'annotations']) for (const [k, v] of Object.entries(m[f] ?? {})) if (typeof v !== 'string') errors.push(`metadata.${f}.${k} must be a string`);
  const known = new Set(['name', 'namespace', 'labels', 'annotations', 'generateName', 'finalizers', 'ownerReferences']);
  for (const k of Object.keys(m)) if (!known.has(k)) errors.push(`metadata.${k} is not expected in a manifest`);
  return errors;
}

export class CrdValidator {
  constructor() {
    this.ajv = newAjv();
    this.crds = new Map();
    for (const f of fs.readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'))) {
      const crd = JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8'));
      const apiVersion = `${crd.group}/${crd.version}`;
      this.crds.set(`${apiVersion}/${crd.kind}`, { ...crd, celRules: countCel(crd.openAPIV3Schema) });
    }
  }

  has(doc) {
    return this.crds.has(`${doc.apiVersion}/${doc.kind}`);
  }

  validate(doc) {
    const crd = this.crds.get(`${doc.apiVersion}/${doc.kind}`);
    crd.validate ??= this.ajv.compile(toJsonSchema(crd.openAPIV3Schema)); // compiling is the costly part: once, on first use
    const ok = crd.validate(doc);
    const errors = ok ? [] : crd.validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`);
    return [...errors, ...checkMetadata(doc, crd.scope === 'Namespaced')];
  }
}
