// Renders deploy/helm/botanu the way `helm template` does, for the subset of the template
// language the chart uses (see go-template.mjs): Chart.yaml + values.yaml (+ overrides,
// merged as Helm merges: maps deep, lists replaced), values checked against
// values.schema.json when present, all templates parsed together so {{ define }}s are shared,
// files starting with "_" not rendered, output split into YAML documents.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { GoTemplate } from './go-template.mjs';
import { parseDocs, readDocs } from './yaml-docs.mjs';

export function mergeValues(base, over) {
  if (!over || typeof over !== 'object' || Array.isArray(over)) return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base?.[k] && typeof base[k] === 'object' && !Array.isArray(base[k]) ? mergeValues(base[k], v) : v;
  }
  return out;
}

/** `--set a.b=c` semantics for the few scalar forms the tests use (strings, numbers, booleans, {a,b} lists). */
export function setValue(values, expr) {
  const i = expr.indexOf('=');
  const keys = expr.slice(0, i).split('.');
  const raw = expr.slice(i + 1);
  let v = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (/^\{.*\}$/.test(raw)) v = raw.slice(1, -1).split(',').filter(Boolean);
  const over = {};
  let cur = over;
  keys.slice(0, -1).forEach((k) => (cur = cur[k] = {}));
  cur[keys.at(-1)] = v;
  return mergeValues(values, over);
}

/** Helm refuses to render when the merged values break the chart's values.schema.json. */
function checkValues(dir, values) {
  const file = path.join(dir, 'values.schema.json');
  if (!fs.existsSync(file)) return;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!validate(values)) {
    const errs = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`);
    throw new Error(`values don't meet the specifications of the schema: ${errs.join('; ')}`);
  }
}

export function renderChart(dir, { values: overrides = {}, release = { Name: 'botanu', Namespace: 'botanu-system' } } = {}) {
  const chart = readDocs(path.join(dir, 'Chart.yaml'))[0];
  const values = mergeValues(readDocs(path.join(dir, 'values.yaml'))[0] ?? {}, overrides);
  checkValues(dir, values);
  const tpl = new GoTemplate();
  const tdir = path.join(dir, 'templates');
  const files = fs.readdirSync(tdir).filter((f) => /\.(ya?ml|tpl)$/.test(f)).sort();
  const parsed = files.map((f) => [f, tpl.parse(fs.readFileSync(path.join(tdir, f), 'utf8'))]);
  const root = {
    Values: values,
    Release: { Service: 'Helm', IsInstall: true, IsUpgrade: false, Revision: 1, ...release },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion, Description: chart.description },
  };
  const docs = [];
  for (const [f, nodes] of parsed) {
    if (f.startsWith('_')) continue;
    const text = tpl.render(nodes, root);
    for (const doc of parseDocs(text, `templates/${f}`)) docs.push({ source: `${path.basename(dir)}/templates/${f}`, doc });
  }
  return { chart, values, docs };
}
