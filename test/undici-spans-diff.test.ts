// The agent's own undici client spans (instrumentations/undici-client/) against
// @opentelemetry/instrumentation-undici 0.34, whose spans they replace: both
// record the same requests in one process (fixtures/http/undici-diff.mjs), and
// every span must be the same: name, kind, status, attributes, events. GET,
// POST, statuses, URLs the parser rewrites, redirects, streams, aborts,
// connection errors, an LLM call, undici.request with odd methods and paths,
// IPv6, undici 5's raw header block. Only the agent's own additions differ
// (botanu.* run attributes, http.request.resend_count).
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { undiciCopy } from './helpers/attribution';
import { ROOT } from './helpers/paths';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

interface Comparable {
  name: string;
  kind: number;
  status: { code: number; message: string };
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
}

const OURS_ONLY = /^(botanu\.|http\.request\.resend_count$)/;
const API_KIND_TO_OTLP = [1, 2, 3, 4, 5]; // api SpanKind 0..4 → OTLP 1..5

function clean(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !OURS_ONLY.test(k)).sort(([a], [b]) => a.localeCompare(b)));
}

function fromOtlp(s: DecodedSpan): Comparable {
  return { name: s.name, kind: s.kind, status: { code: s.status.code, message: s.status.message ?? '' }, attributes: clean(s.attributes), events: s.events.map((e) => ({ name: e.name, attributes: clean(e.attributes) })) };
}

function fromUpstream(s: { name: string; kind: number; status: { code: number; message?: string }; attributes: Record<string, unknown>; events: Comparable['events'] }): Comparable {
  return { name: s.name, kind: API_KIND_TO_OTLP[s.kind], status: { code: s.status.code, message: s.status.message ?? '' }, attributes: clean(s.attributes), events: s.events.map((e) => ({ name: e.name, attributes: clean(e.attributes) })) };
}

const key = (c: Comparable) => `${c.attributes['url.full']} ${c.name} ${c.attributes['http.response.status_code'] ?? c.attributes['error.type'] ?? ''}`;

test('the same spans as @opentelemetry/instrumentation-undici for every kind of request', async () => {
  const res = await runToEnd('http/undici-diff.mjs', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'undici-diff', UPSTREAM_DIR: path.join(ROOT, 'node_modules'), UNDICI5: undiciCopy('undici-v5') },
  });
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|warn/i) });
  const upstream = res.stdout
    .split('\n')
    .filter((l) => l.startsWith('UPSTREAM '))
    .map((l) => fromUpstream(JSON.parse(l.slice('UPSTREAM '.length))));
  expect(upstream.length).toBeGreaterThanOrEqual(30);
  const isOurs = (s: DecodedSpan) => s.scope.name === '@opentelemetry/instrumentation-undici';
  const spans = await receiver.waitFor((all) => all.filter(isOurs).length >= upstream.length, 15_000);
  const ours = spans.filter(isOurs).map(fromOtlp);
  const sorted = (list: Comparable[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  expect(sorted(ours)).toEqual(sorted(upstream));
  // The cases that exercise each path are there (not silently skipped).
  const urls = ours.map((c) => String(c.attributes['url.full']));
  for (const want of ['/diff/redirected', '/diff/stream', '/diff/slow', '/diff/refused', '/diff/refused-undici', '/v1/chat/completions', '/diff/raw/', '/diff/v5-get']) expect(urls.some((u) => u.includes(want))).toBe(true);
  expect(ours.some((c) => c.name === 'HTTP' && c.attributes['http.request.method'] === '_OTHER')).toBe(true);
}, 60_000);
