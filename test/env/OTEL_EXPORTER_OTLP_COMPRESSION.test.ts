import { linesMentioning, probe } from '../helpers/probe';

test('gzip compresses the export body', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' });
  expect(r.receiver.requests[0].headers['content-encoding']).toBe('gzip');
  expect(r.spans.length).toBeGreaterThan(0);
});

test('the traces-specific variable wins; none means uncompressed', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'none' });
  expect(r.receiver.requests[0].headers['content-encoding']).toBeUndefined();
});

test('an unknown value warns once and sends uncompressed', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' });
  expect(r.receiver.requests[0].headers['content-encoding']).toBeUndefined();
  expect(linesMentioning(r.stderr, 'OTEL_EXPORTER_OTLP_COMPRESSION')).toHaveLength(1);
});
