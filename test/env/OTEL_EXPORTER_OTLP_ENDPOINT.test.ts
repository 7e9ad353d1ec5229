import { OtlpReceiver } from '../helpers/receiver';
import { linesMentioning, probe } from '../helpers/probe';

test('OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: /v1/traces is appended', async () => {
  const r = await probe({});
  expect(r.spans.length).toBeGreaterThanOrEqual(2);
  expect(r.stderr).toContain(`exporting to ${r.receiver.url}/v1/traces`);
});

test('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT wins and is used as-is', async () => {
  const traces = await new OtlpReceiver().start();
  try {
    // The base endpoint points at a closed port: only the traces endpoint can receive.
    const r = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${traces.url}/v1/traces` }, { receiver: traces });
    expect(r.spans.length).toBeGreaterThanOrEqual(2);
  } finally {
    await traces.stop();
  }
});

test.each([['not a url'], ['ftp://collector:4318'], ['/relative/path']])('invalid endpoint %p: one warning, default used, app runs', async (bad) => {
  const r = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: bad });
  expect(r.code).toBe(0);
  expect(r.seen).not.toBeNull();
  expect(linesMentioning(r.stderr, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toHaveLength(1);
  expect(r.stderr).toContain('exporting to http://localhost:4318/v1/traces');
});

test('credentials in the endpoint URL are stripped, warned about, never sent or printed', async () => {
  const recv = await new OtlpReceiver().start();
  try {
    const url = recv.url.replace('http://', 'http://user:s3cr3t-pass@');
    const r = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: url }, { receiver: recv });
    expect(r.spans.length).toBeGreaterThan(0);
    expect(recv.requests.every((q) => !q.headers.authorization)).toBe(true);
    expect(r.stderr + r.stdout).not.toContain('s3cr3t-pass');
    expect(linesMentioning(r.stderr, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toHaveLength(1);
  } finally {
    await recv.stop();
  }
});
