// Multi-document YAML in and out, failing on any YAML error or warning (a duplicate key
// in a manifest is a bug the API server would resolve silently).
import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

export function parseDocs(text, source) {
  const docs = [];
  for (const d of parseAllDocuments(text, { uniqueKeys: true })) {
    const problems = [...d.errors, ...d.warnings];
    if (problems.length) throw new Error(`${source}: ${problems.map((e) => e.message).join('; ')}`);
    const v = d.toJS();
    if (v !== null && v !== undefined) docs.push(v);
  }
  return docs;
}

export function readDocs(file) {
  return parseDocs(fs.readFileSync(file, 'utf8'), file);
}
