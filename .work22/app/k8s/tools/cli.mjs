// Renders and validates deploy/ for the tests (no cluster, helm or kustomize here).
//   node cli.mjs yaml <file>                 plain manifests
//   node cli.mjs helm <chart-dir> [--set a.b=c]... [--namespace ns]
//   node cli.mjs kustomize <dir>
//   node cli.mjs collector-config <file>     a bare collector configuration
//   node cli.mjs batch                       a JSON array of argument lists on stdin -> a JSON array of results
// Add --validate to check every rendered object. Prints JSON on stdout; a rendering
// failure is reported as {"error": "..."}.
import * as fs from 'node:fs';
import { validateCollectorConfig } from './collector-config.mjs';
import { renderChart, setValue } from './helm-chart.mjs';
import { build } from './kustomize.mjs';
import { ManifestValidator } from './validate.mjs';
import { readDocs } from './yaml-docs.mjs';

let validator;

async function run([cmd, target, ...rest]) {
  const flags = (name) => rest.flatMap((a, i) => (rest[i - 1] === name ? [a] : []));
  try {
    if (cmd === 'collector-config') return validateCollectorConfig(readDocs(target)[0]);
    let docs;
    if (cmd === 'yaml') docs = readDocs(target).map((doc) => ({ source: target, doc }));
    else if (cmd === 'helm') {
      const values = flags('--set').reduce(setValue, {});
      docs = renderChart(target, { values, release: { Name: 'botanu', Namespace: flags('--namespace')[0] ?? 'botanu-system' } }).docs;
    } else if (cmd === 'kustomize') docs = build(target).map((doc) => ({ source: target, doc }));
    else throw new Error(`unknown command ${cmd}`);
    if (rest.includes('--validate')) {
      validator ??= new ManifestValidator();
      for (const d of docs) Object.assign(d, await validator.validate(d.doc));
    }
    return { docs };
  } catch (err) {
    return { error: String(err?.message ?? err) };
  }
}

const argv = process.argv.slice(2);
if (argv[0] === 'batch') {
  const jobs = JSON.parse(fs.readFileSync(0, 'utf8'));
  const results = [];
  for (const job of jobs) results.push(await run(job));
  process.stdout.write(JSON.stringify(results) + '\n');
} else {
  const result = await run(argv);
  process.stdout.write(JSON.stringify(result) + '\n');
  if (result.error) process.exitCode = 2;
}
