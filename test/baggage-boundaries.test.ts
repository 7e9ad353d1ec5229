// Run identity is never taken from outside, and never sent to third parties.
import { runToEnd } from './helpers/app';
import { linesMentioning, probe } from './helpers/probe';

async function egress(env: Record<string, string> = {}) {
  const r = await runToEnd('safety/baggage-egress.mjs', { env: { OTEL_TRACES_EXPORTER: 'none', ...env } });
  const line = r.stdout.split('\n').find((l) => l.startsWith('SEEN '));
  if (!line) throw new Error(`no output\n${r.stdout}\n${r.stderr}`);
  return { seen: JSON.parse(line.slice(5)) as Record<string, string | null>, stderr: r.stderr };
}

const hasRun = (h: string | null) => !!h && /botanu\.run_id=/.test(h);

test('default deny list: an LLM provider host gets no botanu.* entries; internal hosts do; other entries pass', async () => {
  const { seen } = await egress();
  expect(hasRun(seen['/openai'])).toBe(false);
  expect(seen['/openai']).toBe('tenant.region=eu');
  expect(hasRun(seen['/internal'])).toBe(true);
  expect(hasRun(seen['/localhost-fetch'])).toBe(true);
});

test('BOTANU_BAGGAGE_DENY_HOSTS replaces the list (fetch and node:http alike)', async () => {
  const { seen } = await egress({ BOTANU_BAGGAGE_DENY_HOSTS: 'localhost,*.example.com' });
  expect(hasRun(seen['/localhost-fetch'])).toBe(false);
  expect(hasRun(seen['/localhost-http'])).toBe(false);
  expect(seen['/localhost-fetch']).toBe('tenant.region=eu');
  // Also a header the app or an SDK wrote itself, not only what an instrumentation injected.
  expect(hasRun(seen['/localhost-fetch-sdk-header'])).toBe(false);
  expect(seen['/localhost-fetch-sdk-header']).toContain('sdk.own=1');
  expect(hasRun(seen['/internal'])).toBe(true);
  expect(hasRun(seen['/openai'])).toBe(true); // no longer on the (replaced) list
});

test('BOTANU_BAGGAGE_ALLOW_HOSTS: the only hosts botanu baggage may go to', async () => {
  const { seen } = await egress({ BOTANU_BAGGAGE_ALLOW_HOSTS: '127.0.0.1' });
  expect(hasRun(seen['/internal'])).toBe(true);
  for (const p of ['/openai', '/localhost-fetch', '/localhost-fetch-sdk-header', '/localhost-http']) expect(hasRun(seen[p])).toBe(false);
});

test('an invalid host pattern warns once; the valid ones apply', async () => {
  const { seen, stderr } = await egress({ BOTANU_BAGGAGE_DENY_HOSTS: 'localhost,http://bad/url' });
  expect(hasRun(seen['/localhost-http'])).toBe(false);
  expect(linesMentioning(stderr, 'BOTANU_BAGGAGE_DENY_HOSTS')).toHaveLength(1);
});

test('BOTANU_TRUST_INCOMING_BAGGAGE=false: incoming botanu.* entries never reach spans or downstream', async () => {
  const trusted = await probe({});
  expect(trusted.spans.some((s) => s.attributes['botanu.run_id'] === 'run-from-upstream')).toBe(true);
  const edge = await probe({ BOTANU_TRUST_INCOMING_BAGGAGE: 'false', BOTANU_BAGGAGE_KEYS: 'extra.key' });
  expect(edge.spans.length).toBeGreaterThan(0);
  for (const s of edge.spans) expect(Object.keys(s.attributes).filter((k) => k.startsWith('botanu.'))).toEqual([]);
  // Non-botanu entries are still trusted.
  expect(edge.spans.some((s) => s.attributes['extra.key'] === 'x')).toBe(true);
});

test('BOTANU_TRUST_INCOMING_BAGGAGE invalid: one warning, default (trust) used', async () => {
  const r = await probe({ BOTANU_TRUST_INCOMING_BAGGAGE: 'maybe' });
  expect(linesMentioning(r.stderr, 'BOTANU_TRUST_INCOMING_BAGGAGE')).toHaveLength(1);
  expect(r.spans.some((s) => s.attributes['botanu.run_id'] === 'run-from-upstream')).toBe(true);
});
