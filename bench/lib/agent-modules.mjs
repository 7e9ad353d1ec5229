// Which part of the agent a line of the packed bundle belongs to: dist/register.cjs
// keeps esbuild's `// path` module markers, so a profile's line number names the
// source module, and a module its group. Used by profile.mjs (V8's profiler) and
// oncpu.mjs (perf's on-CPU samples).
import * as fs from 'node:fs';

// Bundle module path → what it is part of (first match wins).
export const GROUPS = [
  ['http server/client', /^instrumentations\/http\//],
  ['fetch/undici', /^instrumentations\/(undici-client|llm-http)\/|^instrumentations\/undici\.ts|^agent\/coexist\/fetch-baggage-merge/],
  ['express', /instrumentation-express|^instrumentations\/express\//],
  ['fastify', /^instrumentations\/fastify\//],
  ['ioredis', /instrumentation-ioredis|^instrumentations\/caller-context\/ioredis|redis-common/],
  ['spans (start, attributes, end, sampler, ids)', /^agent\/spans\/|sdk-trace|^agent\/start\/span-ids|^agent\/config\/sampler|semantic-conventions/],
  ['span processors (run context, redaction)', /^agent\/run\/run-context-enricher|^agent\/export\/span-redactor|^agent\/config\/url-secrets|^instrumentations\/anthropic\/native-spans/],
  ['OTLP encoding and export', /^agent\/export\//],
  ['context and propagation', /api\/dist\/(context|api\/context|baggage|propagation|trace)|core\/dist\/(propagation|trace|baggage|context)|^agent\/run\/(context-manager|baggage-boundary)|^agent\/coexist\//],
  ['attribute cleaning (core)', /core\/dist\/common\/attributes/],
];

/** A function of a bundle line number (0-based) → the source module it is in ('?' before the first marker). */
export function bundleModules(bundle) {
  const bounds = [];
  fs.readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(line);
      if (m) bounds.push([i, m[1]]);
    });
  return (lineNumber) => {
    let lo = 0;
    let hi = bounds.length - 1;
    let found = '?';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid][0] <= lineNumber) {
        found = bounds[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** The group of a source module of the bundle. */
export function groupOf(mod) {
  return (GROUPS.find(([, re]) => re.test(mod)) ?? ['other agent code'])[0];
}
