// A botanu destination separate from the app's own OTLP endpoint: botanu gets
// every recorded span, the app's endpoint keeps only its sampled share.
import { get, startApp } from '../helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from '../helpers/receiver';
import { linesMentioning, probe } from '../helpers/probe';

test('botanu gets 100%, the OTLP endpoint only sampled spans', async () => {
  const botanu = await new OtlpReceiver().start();
  const app = await new OtlpReceiver().start();
  try {
    const r = await probe({ BOTANU_COLLECTOR_ENDPOINT: botanu.url, OTEL_TRACES_SAMPLER: 'always_off' }, { receiver: app });
    expect(r.code).toBe(0);
    expect(botanu.spans.length).toBeGreaterThanOrEqual(2);
    expect(botanu.spans.every((s) => (s.flags & 1) === 0)).toBe(true);
    expect(app.spans).toHaveLength(0);
  } finally {
    await botanu.stop();
    await app.stop();
  }
});

test('with the default sampler both receive the same spans', async () => {
  const botanu = await new OtlpReceiver().start();
  const app = await new OtlpReceiver().start();
  try {
    await probe({ BOTANU_COLLECTOR_ENDPOINT: botanu.url }, { receiver: app });
    expect(botanu.spans.map((s) => s.spanId).sort()).toEqual(app.spans.map((s) => s.spanId).sort());
    // The app's own OTLP headers never go to botanu.
  } finally {
    await botanu.stop();
    await app.stop();
  }
});

test('the app\'s OTLP headers are not sent to the botanu destination', async () => {
  const botanu = await new OtlpReceiver().start();
  try {
    await probe({ BOTANU_COLLECTOR_ENDPOINT: botanu.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-backend-key=for-backend-only' });
    expect(botanu.requests.length).toBeGreaterThan(0);
    for (const q of botanu.requests) expect(q.headers['x-backend-key']).toBeUndefined();
  } finally {
    await botanu.stop();
  }
});

test('an invalid value warns once; the OTLP endpoint is used', async () => {
  const r = await probe({ BOTANU_COLLECTOR_ENDPOINT: 'collector:4318' });
  expect(r.spans.length).toBeGreaterThan(0);
  expect(linesMentioning(r.stderr, 'BOTANU_COLLECTOR_ENDPOINT')).toHaveLength(1);
});

test.each([
  ['the same URL', (u: string) => u, (u: string) => u],
  ['spelled differently (localhost, trailing /v1/traces)', (u: string) => u, (u: string) => u.replace('127.0.0.1', 'localhost') + '/v1/traces/'],
])('both naming one collector (%s): each span arrives once, with the OTLP headers', async (_, botanuOf, otlpOf) => {
  const collector = await new OtlpReceiver().start();
  const app = startApp('http/express-app.mjs', {
    preload: 'node-options',
    env: { BOTANU_COLLECTOR_ENDPOINT: botanuOf(collector.url), OTEL_EXPORTER_OTLP_ENDPOINT: otlpOf(collector.url), OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=t1' },
  });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    for (let i = 0; i < 20; i++) expect((await get(`http://127.0.0.1:${port}/hello/${i}`)).status).toBe(200);
    const handled = (s: DecodedSpan[]) => s.filter((x) => x.kind === SPAN_KIND.SERVER && x.name === 'GET /hello/:id');
    await collector.waitFor((s) => handled(s).length >= 20);
    await new Promise((r) => setTimeout(r, 500));
    expect(handled(collector.spans)).toHaveLength(20);
    const ids = collector.spans.map((s) => s.spanId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of collector.requests) expect(q.headers['x-tenant']).toBe('t1');
    expect(app.stderr().match(/exporting to [^,]*/)![0]).not.toContain('+');
  } finally {
    app.kill();
    await app.exited;
    await collector.stop();
  }
});
