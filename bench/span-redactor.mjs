// Micro-benchmark: what the URL-credential redactor (agent/export/span-redactor.ts)
// costs per span, on real SDK spans from a real TracerProvider. Three span shapes:
// an HTTP server span with no query (the common case: two indexOf per string),
// a client span whose url.full / url.query carry secrets (the redacting path),
// and a DB span with a '?'-placeholder statement (scanned, nothing changed).
// Each is measured as start + end with and without the redactor in the
// provider, rounds alternating (A B A B ...), medians reported; plus the rule
// alone on the span's attributes. Times are this process's CPU time (user +
// system), not wall time, so other load on a shared machine counts less.
//
//   node bench/span-redactor.mjs [--spans 100000] [--rounds 5]
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SPANS = arg('spans', 100_000);
const ROUNDS = arg('rounds', 5);

const entry = `
export { SpanRedactor } from './agent/export/span-redactor';
export { UrlSecretRule } from './agent/config/url-secrets';
export { TracerProvider } from '@opentelemetry/sdk-trace';
`;
const js = buildSync({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, format: 'cjs', platform: 'node', write: false }).outputFiles[0].text;
const m = { exports: {} };
new Function('module', 'exports', 'require', js)(m, m.exports, (await import('node:module')).createRequire(import.meta.url));
const { SpanRedactor, UrlSecretRule, TracerProvider } = m.exports;

const common = { 'botanu.run_id': '01a24a19-8c63-7003-9a4f-794d6ee739f7', 'botanu.workflow': 'support', 'botanu.customer_id': 'cust-42', 'network.peer.address': '10.0.3.17', 'network.peer.port': 53122, 'network.protocol.version': '1.1' };
const SHAPES = {
  'server span, no query': { 'http.request.method': 'GET', 'url.scheme': 'http', 'url.path': '/tickets/T-1042', 'http.route': '/tickets/:id', 'server.address': 'entry.internal', 'server.port': 8080, 'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'client.address': '10.0.3.17', 'http.response.status_code': 200, ...common },
  'client span, secrets in query': { 'http.request.method': 'POST', 'url.full': 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaSyA-1234567890abcdef&alt=sse', 'url.query': 'key=AIzaSyA-1234567890abcdef&alt=sse', 'url.path': '/v1beta/models/gemini-2.5-flash:generateContent', 'server.address': 'generativelanguage.googleapis.com', 'server.port': 443, 'http.response.status_code': 200, ...common },
  'db span, ? placeholders': { 'db.system.name': 'mysql', 'db.query.text': 'SELECT id, title, status FROM tickets WHERE customer_id = ? AND status = ? ORDER BY updated_at DESC LIMIT ?', 'db.namespace': 'support', 'server.address': 'db.internal', 'server.port': 3306, ...common },
};

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const cpuNs = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) * 1000;
};

function perSpanNs(tracer, attributes) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < SPANS; i++) tracer.startSpan('GET /tickets/:id', { attributes: { ...attributes } }).end();
  return cpuNs(t0) / SPANS;
}

function ruleOnlyNs(rule, attributes) {
  // Fresh copies each time: a redacted value would no longer be the case measured.
  const copies = Array.from({ length: SPANS }, () => ({ ...attributes }));
  const t0 = process.cpuUsage();
  for (let i = 0; i < SPANS; i++) rule.redactAttributes(copies[i]);
  return cpuNs(t0) / SPANS;
}

const rule = new UrlSecretRule([]);
const without = new TracerProvider({ spanProcessors: [] }).getTracer('bench');
const withRedactor = new TracerProvider({ spanProcessors: [new SpanRedactor(rule)] }).getTracer('bench');

console.log(`node ${process.versions.node}, ${SPANS} spans per run, ${ROUNDS} rounds (A B alternating), medians`);
console.log('| span | start+end without | with redactor | added per span | rule alone |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [label, attrs] of Object.entries(SHAPES)) {
  perSpanNs(without, attrs); // warm-up both paths
  perSpanNs(withRedactor, attrs);
  const a = [];
  const b = [];
  const d = [];
  for (let r = 0; r < ROUNDS; r++) {
    const x = perSpanNs(without, attrs);
    const y = perSpanNs(withRedactor, attrs);
    a.push(x);
    b.push(y);
    d.push(y - x);
  }
  const ruleNs = median(Array.from({ length: ROUNDS }, () => ruleOnlyNs(new UrlSecretRule([]), attrs)));
  console.log(`| ${label} | ${median(a).toFixed(0)} ns | ${median(b).toFixed(0)} ns | ${median(d).toFixed(0)} ns | ${ruleNs.toFixed(0)} ns |`);
}
