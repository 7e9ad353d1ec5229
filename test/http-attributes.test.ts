// The agent's node:http / node:https spans against the reference they replace:
// @opentelemetry/instrumentation-http 0.301 (configured as the agent configured
// it) in an app's own SDK without the agent. The same app makes the same
// requests in both runs (odd request lines and headers written raw, every way
// of calling http.request/https.request, 404/500, refused, timeout, aborted);
// each span must have the same name, kind, status, attributes, exception events
// and parent kind. Only what differs between two runs (ports, peer ports, ids,
// times) is left out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp } from './helpers/app';
import { localCert } from './helpers/llm2';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';

interface Shape {
  key: string;
  name: string;
  kind: number;
  status: { code: number; message: unknown };
  attributes: Record<string, unknown>;
  events: { name: string; type?: unknown; message?: unknown }[];
  parentKind: string;
}

const VOLATILE = new Set(['network.peer.port']);

async function run(agent: boolean): Promise<{ spans: DecodedSpan[]; ports: string[] }> {
  const receiver = await new OtlpReceiver().start();
  const cert = localCert();
  const app = startApp('http-diff/app.cjs', {
    preload: agent ? 'import' : 'none',
    nodeFlags: agent ? [] : ['--require', './http-diff/upstream-sdk.cjs'],
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: agent ? 'http' : undefined,
      BOTANU_LOG_LEVEL: 'warn',
      TLS_KEY: path.join(path.dirname(cert.certFile), 'key.pem'),
      TLS_CERT: cert.certFile,
    },
  });
  await app.waitForOutput(/DONE/, 30_000);
  await app.exited;
  await new Promise((r) => setTimeout(r, 300));
  const spans = receiver.spans.filter((s) => s.kind === 2 || s.kind === 3);
  await receiver.stop();
  const ports = new Set<string>();
  for (const s of spans) {
    const p = s.attributes['server.port'];
    if (typeof p === 'number' && p > 1024) ports.add(String(p));
  }
  expect(app.stderr()).not.toMatch(/error|warn/i);
  return { spans, ports: [...ports] };
}

function shapes(spans: DecodedSpan[], ports: string[]): Shape[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const portRe = ports.length ? new RegExp(`\\b(${ports.join('|')})\\b`, 'g') : undefined;
  const norm = (v: unknown) => (typeof v === 'string' && portRe ? v.replace(portRe, 'PORT') : typeof v === 'number' && ports.includes(String(v)) ? 'PORT' : v);
  const out = spans.map((s) => {
    const attributes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.attributes)) if (!VOLATILE.has(k)) attributes[k] = norm(v);
    const where = String(s.attributes['url.path'] ?? s.attributes['url.full'] ?? '');
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    return {
      key: `${s.kind} ${norm(where)}`,
      name: s.name,
      kind: s.kind,
      status: { code: s.status.code, message: norm(s.status.message) },
      attributes,
      events: s.events.map((e) => ({ name: e.name, type: e.attributes['exception.type'], message: norm(e.attributes['exception.message']) })),
      parentKind: !s.parentSpanId ? 'none' : parent ? String(parent.kind) : 'remote',
      start: s.startTimeUnixNano,
    };
  });
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.start < b.start ? -1 : 1));
  return out.map(({ start: _s, ...rest }) => rest);
}

test('server and client spans: the same as @opentelemetry/instrumentation-http gave, case by case', async () => {
  expect(fs.existsSync(path.join(APP_DIR, 'http-diff', 'app.cjs'))).toBe(true);
  const upstream = await run(false);
  const agent = await run(true);
  const want = shapes(upstream.spans, upstream.ports);
  const got = shapes(agent.spans, agent.ports);
  expect(got.map((s) => s.key)).toEqual(want.map((s) => s.key));
  for (let i = 0; i < want.length; i++) expect({ ...got[i], key: want[i].key }).toEqual(want[i]);
  // The comparison covered what it is meant to.
  expect(want.filter((s) => s.kind === 2).length).toBeGreaterThanOrEqual(50);
  expect(want.filter((s) => s.kind === 3).length).toBeGreaterThanOrEqual(15);
}, 90_000);
