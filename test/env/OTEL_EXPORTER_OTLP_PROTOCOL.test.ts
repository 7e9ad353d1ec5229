import { linesMentioning, probe } from '../helpers/probe';

test('default is http/protobuf', async () => {
  const r = await probe({});
  expect(r.receiver.requests[0].contentType).toBe('application/x-protobuf');
});

test('http/json is accepted (and the traces-specific variable wins)', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' });
  expect(r.receiver.requests[0].contentType).toBe('application/json');
  expect(r.spans.some((s) => s.attributes['botanu.run_id'] === 'run-from-upstream')).toBe(true);
});

// grpc is supported: test/export-grpc.test.ts.
test.each([['thrift']])('%s: one warning, http/protobuf used', async (bad) => {
  const r = await probe({ OTEL_EXPORTER_OTLP_PROTOCOL: bad });
  expect(r.receiver.requests[0].contentType).toBe('application/x-protobuf');
  expect(linesMentioning(r.stderr, 'OTEL_EXPORTER_OTLP_PROTOCOL')).toHaveLength(1);
});
