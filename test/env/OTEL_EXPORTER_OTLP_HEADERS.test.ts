import { linesMentioning, probe } from '../helpers/probe';

test('OTEL_EXPORTER_OTLP_HEADERS are sent; OTEL_EXPORTER_OTLP_TRACES_HEADERS override per key', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,x-token=base%20secret', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-token=traces-secret' });
  const h = r.receiver.requests[0].headers;
  expect(h['x-tenant']).toBe('acme');
  expect(h['x-token']).toBe('traces-secret');
  expect(r.stderr).not.toContain('secret');
});

test('a malformed header list: one warning that does not echo the value', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_HEADERS: 'x-good=1,Bearer-top-secret-token' });
  expect(r.code).toBe(0);
  expect(r.receiver.requests[0].headers['x-good']).toBe('1');
  expect(linesMentioning(r.stderr, 'OTEL_EXPORTER_OTLP_HEADERS')).toHaveLength(1);
  expect(r.stderr).not.toContain('top-secret');
});
