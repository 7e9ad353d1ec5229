// Planted secrets never appear in anything the agent prints, at any log level,
// whether the collector works, fails or rejects, and whether the config is valid or not.
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

const SECRETS = ['btnu_live_PLANTEDKEY_9f8e7d', 'hdr-PLANTED-value-42', 'PLANTEDpass0rd', 'trace-hdr-PLANTED-77'];

function envWith(endpoint: string): Record<string, string> {
  return {
    BOTANU_API_KEY: SECRETS[0],
    OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${SECRETS[1]},x-api-key=${SECRETS[1]}`,
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: `x-other=${SECRETS[3]},malformed-${SECRETS[3]}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.replace('http://', `http://admin:${SECRETS[2]}@`),
    BOTANU_COLLECTOR_ENDPOINT: endpoint.replace('http://', `http://user:${SECRETS[2]}@`),
    BOTANU_LOG_LEVEL: 'debug',
    OTEL_LOG_LEVEL: 'all',
    OTEL_BSP_SCHEDULE_DELAY: '20',
  };
}

test.each([
  ['a working collector', 200],
  ['a collector answering 401', 401],
  ['a collector answering 500', 500],
])('with %s', async (_name, status) => {
  const recv = await new OtlpReceiver({ respond: () => (status === 200 ? undefined : { status }) }).start();
  try {
    const r = await runToEnd('env/probe.mjs', { env: envWith(recv.url) });
    expect(r.code).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).toContain('[botanu]'); // it did print things
    for (const s of SECRETS) expect(all).not.toContain(s);
  } finally {
    await recv.stop();
  }
});

test('with an unreachable collector and invalid secret-bearing values', async () => {
  const env = { ...envWith('http://127.0.0.1:9'), BOTANU_API_KEY: `${SECRETS[0]} with spaces`, OTEL_EXPORTER_OTLP_HEADERS: `${SECRETS[1]}` };
  const r = await runToEnd('env/probe.mjs', { env });
  expect(r.code).toBe(0);
  for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
});
