// The API key goes only to botanu's own host or a collector on this machine.
import { OtlpReceiver } from '../helpers/receiver';
import { linesMentioning, probe } from '../helpers/probe';

const KEY = 'btnu_live_PLANTED_SECRET_123';

test('alone, the key selects the botanu cloud as destination; the app\'s OTLP endpoint keeps its sampled share without the key', async () => {
  const r = await probe({ BOTANU_API_KEY: KEY, BOTANU_LOG_LEVEL: 'debug' });
  expect(r.stderr).toContain('https://ingest.botanu.ai/v1/traces');
  expect(r.receiver.requests.length).toBeGreaterThan(0);
  for (const q of r.receiver.requests) expect(q.headers.authorization).toBeUndefined();
  expect(r.stderr).not.toContain(KEY);
});

test('sent as a bearer token to a loopback botanu collector, never printed', async () => {
  const botanu = await new OtlpReceiver().start();
  try {
    const r = await probe({ BOTANU_COLLECTOR_ENDPOINT: botanu.url, BOTANU_API_KEY: KEY });
    expect(botanu.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r.stderr + r.stdout).not.toContain(KEY);
  } finally {
    await botanu.stop();
  }
});

test('not sent to the app\'s own OTLP endpoint when a botanu destination exists', async () => {
  const botanu = await new OtlpReceiver().start();
  const app = await new OtlpReceiver().start();
  try {
    await probe({ BOTANU_COLLECTOR_ENDPOINT: botanu.url, BOTANU_API_KEY: KEY }, { receiver: app });
    expect(app.requests.length).toBeGreaterThan(0);
    for (const q of app.requests) expect(q.headers.authorization).toBeUndefined();
  } finally {
    await botanu.stop();
    await app.stop();
  }
});

test('not sent to an endpoint that is neither botanu.ai nor a literal local host; one warning', async () => {
  const recv = await new OtlpReceiver().start();
  try {
    // [::ffff:127.0.0.1] reaches this machine, but only literal localhost/127.x/::1 are trusted names.
    const url = `http://[::ffff:127.0.0.1]:${recv.port}`;
    const r = await probe({ BOTANU_COLLECTOR_ENDPOINT: url, BOTANU_API_KEY: KEY, OTEL_TRACES_EXPORTER: 'none' });
    expect(recv.requests.length).toBeGreaterThan(0);
    for (const q of recv.requests) expect(q.headers.authorization).toBeUndefined();
    expect(linesMentioning(r.stderr, 'BOTANU_API_KEY')).toHaveLength(1);
    expect(r.stderr).not.toContain(KEY);
  } finally {
    await recv.stop();
  }
});
