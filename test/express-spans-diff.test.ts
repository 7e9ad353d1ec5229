// The agent's express spans (instrumentations/express/) against
// @opentelemetry/instrumentation-express 0.72, whose spans they replace, on
// express 5 and express 4: the same fixture app (fixtures/express-diff/app.cjs:
// middleware, params, nested routers, a mounted sub-app, arrays of paths, regular
// expressions, wildcards, next('route'), next('router'), errors passed on, thrown
// and rejected, an error handler, a 404) run with the agent's express spans and
// with upstream's (the agent's disabled, upstream's registered by the app; both
// record through the agent's provider and HTTP server spans). Per request, every
// span must be the same: name, kind, attributes, status, exception events, its
// parent's name, the order the spans ended in (the app numbers them: span times
// have only millisecond resolution), and the `probe` spans the app makes inside its layers
// (which span is active there, before and after next(); where a span ends
// relative to them).
import * as path from 'node:path';
import { startApp } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';

interface Shape {
  name: string;
  kind: number;
  scope: string;
  status: { code: number; message: string };
  attributes: Record<string, unknown>;
  events: { name: string; type: unknown; message: unknown }[];
  parent: string;
}

const VOLATILE = /^(test\.end_order|network\.peer\.port|server\.port|client\.port|client\.address|network\.peer\.address|user_agent\.original|botanu\.)/;

async function run(script: string, upstream: boolean): Promise<{ spans: DecodedSpan[]; stdout: string; stderr: string }> {
  const receiver = await new OtlpReceiver().start();
  const app = startApp(path.join(APP_DIR, script), {
    preload: 'import',
    cwd: path.dirname(path.join(APP_DIR, script)),
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: upstream ? 'express' : undefined,
      UPSTREAM: upstream ? '1' : undefined,
      BOTANU_LOG_LEVEL: 'warn',
    },
  });
  await app.waitForOutput(/DONE/, 30_000);
  await app.exited;
  await new Promise((r) => setTimeout(r, 300));
  const spans = [...receiver.spans];
  await receiver.stop();
  return { spans, stdout: app.stdout(), stderr: app.stderr() };
}

/** Each request's spans (by its server span's method and path), shaped to compare. */
function byRequest(spans: DecodedSpan[]): Map<string, Shape[]> {
  const out = new Map<string, Shape[]>();
  const traces = new Map<string, DecodedSpan[]>();
  for (const s of spans) traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s]);
  for (const list of traces.values()) {
    const server = list.find((s) => s.kind === 2);
    if (!server) continue;
    const inTrace = list.filter((s) => s.kind !== 3); // the requests' client spans are the test's driver
    const byId = new Map(inTrace.map((s) => [s.spanId, s]));
    const shapes = inTrace.map((s) => {
      const attributes: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.attributes)) if (!VOLATILE.test(k)) attributes[k] = v;
      return {
        name: s.name,
        kind: s.kind,
        scope: s.scope.name,
        status: { code: s.status.code, message: s.status.message ?? '' },
        attributes,
        events: s.events.map((e) => ({ name: e.name, type: e.attributes['exception.type'], message: e.attributes['exception.message'] })),
        parent: s.parentSpanId ? (byId.get(s.parentSpanId)?.name ?? 'remote') : 'none',
        order: Number(s.attributes['test.end_order']),
      };
    });
    shapes.sort((a, b) => a.order - b.order);
    // In the order the spans ended (the order they were exported in): a layer's
    // span ends at its next() or when the response closes; a probe ends where it starts.
    out.set(`${server.attributes['http.request.method']} ${server.attributes['url.path']}`, shapes.map(({ order: _o, ...shape }) => shape));
  }
  return out;
}

const EXPRESS = '@opentelemetry/instrumentation-express';

describe.each([
  ['express 5', 'express-diff/v5.cjs', 25],
  ['express 4', 'express-diff/express4/v4.cjs', 24],
])('%s', (_label, script, requests) => {
  test('every request: the same spans as @opentelemetry/instrumentation-express gave', async () => {
    const upstream = await run(script, true);
    const ours = await run(script, false);
    for (const r of [upstream, ours]) expect(r.stderr).not.toMatch(/error|warn/i);
    expect(ours.stdout).toContain(`DONE ${script.includes('4') ? 4 : 5} ${requests}`);
    // Upstream's spans really came from upstream (this is a comparison, not the same code twice).
    expect(upstream.spans.filter((s) => s.scope.name === EXPRESS).every((s) => s.scope.version === '0.72.0')).toBe(true);
    expect(ours.spans.filter((s) => s.scope.name === EXPRESS).every((s) => s.scope.version !== '0.72.0')).toBe(true);
    const want = byRequest(upstream.spans);
    const got = byRequest(ours.spans);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    expect(want.size).toBe(requests);
    for (const [request, shapes] of want) expect({ request, spans: got.get(request) }).toEqual({ request, spans: shapes });
    // The cases are there: every kind of layer, errors recorded, a route on the server span.
    const all = [...want.values()].flat();
    const names = new Set(all.map((s) => s.name));
    for (const n of ['middleware - named', 'router - /v1', 'middleware - mounted_app', 'GET /api/v1/items/:itemId', 'GET /users/:uid', 'probe after-async-next']) expect(names).toContain(n);
    expect(all.filter((s) => s.scope === EXPRESS && s.events.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((s) => s.scope === EXPRESS).length).toBeGreaterThanOrEqual(60);
  }, 120_000);
});
