import { linesMentioning, probe } from '../helpers/probe';

test('none: nothing is exported, the app still runs and propagates', async () => {
  const r = await probe({ OTEL_TRACES_EXPORTER: 'none' });
  expect(r.code).toBe(0);
  expect(r.spans).toHaveLength(0);
  expect(r.seen.traceparent).toMatch(/^00-/);
});

test('console: one JSON line per span on stdout', async () => {
  const r = await probe({ OTEL_TRACES_EXPORTER: 'console' });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  expect(lines.some((l) => l.attributes['botanu.run_id'] === 'run-from-upstream')).toBe(true);
  expect(r.spans).toHaveLength(0);
});

test('otlp,console: both', async () => {
  const r = await probe({ OTEL_TRACES_EXPORTER: 'otlp,console' });
  expect(r.spans.length).toBeGreaterThan(0);
  expect(r.stdout).toMatch(/^\{"traceId"/m);
});

test('an unknown exporter warns once; otlp is used', async () => {
  const r = await probe({ OTEL_TRACES_EXPORTER: 'zipkin' });
  expect(r.spans.length).toBeGreaterThan(0);
  expect(linesMentioning(r.stderr, 'OTEL_TRACES_EXPORTER')).toHaveLength(1);
});
