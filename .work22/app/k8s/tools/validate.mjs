// Validates rendered Kubernetes objects: built-in kinds with kubernetes-models (the
// Kubernetes OpenAPI schemas: types, required fields, enums), the Operator's custom resources
// with their CRD schemas (crd-schema.mjs, unknown fields rejected) plus the checks the
// Operator's admission webhook and the collector itself apply at startup.
import { validateCollectorConfig } from './collector-config.mjs';
import { CrdValidator } from './crd-schema.mjs';

const RATIO_SAMPLERS = new Set(['traceidratio', 'parentbased_traceidratio']);

/** What the Operator's Instrumentation webhook checks beyond the schema (subset). */
function instrumentationChecks(spec = {}) {
  const errors = [];
  const s = spec.sampler;
  // As the webhook: an empty argument is allowed (the SDK default applies), anything else must parse.
  if (s?.type && RATIO_SAMPLERS.has(s.type) && s.argument) {
    const r = Number(s.argument);
    if (!Number.isFinite(r) || r < 0 || r > 1) errors.push(`spec.sampler.argument ${JSON.stringify(s.argument)} must be a ratio from 0 to 1 for ${s.type}`);
  }
  // Kubernetes expands $(VAR) when the container starts; the rest must be a URL.
  if (spec.exporter?.endpoint) {
    try {
      new URL(spec.exporter.endpoint.replace(/\$\([A-Z_][A-Z0-9_]*\)/g, 'h'));
    } catch {
      errors.push(`spec.exporter.endpoint ${JSON.stringify(spec.exporter.endpoint)} is not a URL`);
    }
  }
  return errors;
}

async function builtinModel(doc) {
  const group = doc.apiVersion?.includes('/') ? doc.apiVersion : `v1`;
  if (!/^[\w.]+(\/v\w+)?$/.test(group) || !/^[A-Z]\w+$/.test(doc.kind ?? '')) return undefined;
  try {
    return (await import(`kubernetes-models/${group}/${doc.kind}`))[doc.kind];
  } catch {
    return undefined;
  }
}

export class ManifestValidator {
  constructor() {
    this.crds = new CrdValidator();
  }

  async validate(doc) {
    const id = { apiVersion: doc.apiVersion, kind: doc.kind, name: doc.metadata?.name, namespace: doc.metadata?.namespace };
    if (this.crds.has(doc)) {
      const errors = this.crds.validate(doc);
      let unused = [];
      if (doc.kind === 'Instrumentation') errors.push(...instrumentationChecks(doc.spec));
      if (doc.kind === 'OpenTelemetryCollector') {
        const r = validateCollectorConfig(doc.spec?.config);
        errors.push(...r.errors.map((e) => `spec.config: ${e}`));
        unused = r.unused;
      }
      return { ...id, via: 'crd-schema', errors, unused };
    }
    const Model = await builtinModel(doc);
    if (!Model) return { ...id, via: 'none', errors: [`no schema known for ${doc.apiVersion} ${doc.kind}`] };
    try {
      new Model(doc).validate();
      return { ...id, via: 'kubernetes-models', errors: [] };
    } catch (err) {
      return { ...id, via: 'kubernetes-models', errors: String(err.message).split('\n').filter(Boolean) };
    }
  }
}
