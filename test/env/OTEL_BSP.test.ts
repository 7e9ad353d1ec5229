// OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_EXPORT_BATCH_SIZE, OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_EXPORT_TIMEOUT.
import { startApp } from '../helpers/app';
import { OtlpReceiver } from '../helpers/receiver';
import { linesMentioning, probe } from '../helpers/probe';

async function withApp(env: Record<string, string>, fn: (port: string, receiver: OtlpReceiver) => Promise<void>, receiver?: OtlpReceiver) {
  const recv = receiver ?? (await new OtlpReceiver().start());
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: recv.url, ...env } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    await fn(port, recv);
  } finally {
    app.kill();
    await app.exited;
    if (!receiver) await recv.stop();
  }
}

test('OTEL_BSP_SCHEDULE_DELAY: a long delay holds spans until exit, a short one sends them promptly', async () => {
  await withApp({ OTEL_BSP_SCHEDULE_DELAY: '60000' }, async (port, recv) => {
    await fetch(`http://127.0.0.1:${port}/hello/1`);
    await new Promise((r) => setTimeout(r, 800));
    expect(recv.spans).toHaveLength(0);
  });
  await withApp({ OTEL_BSP_SCHEDULE_DELAY: '100' }, async (port, recv) => {
    await fetch(`http://127.0.0.1:${port}/hello/1`);
    await recv.waitFor((s) => s.length > 0, 3000);
  });
});

test('OTEL_BSP_MAX_EXPORT_BATCH_SIZE=1: one span per export request', async () => {
  const r = await probe({ OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1' });
  expect(r.receiver.requests.length).toBeGreaterThanOrEqual(2);
  for (const q of r.receiver.requests) expect(q.spans).toHaveLength(1);
});

test('OTEL_BSP_MAX_QUEUE_SIZE=2: extra spans are dropped and counted, never unbounded', async () => {
  await withApp({ OTEL_BSP_MAX_QUEUE_SIZE: '2', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2', OTEL_BSP_SCHEDULE_DELAY: '60000' }, async (port, recv) => {
    // 3 requests make ~15 spans; the queue keeps 2 and the batch size triggers one export.
    for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${port}/hello/${i}`);
    await recv.waitFor((s) => s.length >= 2, 3000);
    await new Promise((r) => setTimeout(r, 300));
    expect(recv.spans.length).toBeLessThan(15);
  });
});

test('OTEL_BSP_EXPORT_TIMEOUT bounds how long one batch is retried against a failing collector', async () => {
  async function attemptsWithin(budget: string | undefined): Promise<number> {
    let attempts = 0;
    const failing = await new OtlpReceiver({ respond: () => (attempts++, { status: 503 }) }).start();
    const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: failing.url, OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BSP_EXPORT_TIMEOUT: budget } });
    try {
      const [, port] = await app.waitForOutput(/READY (\d+)/);
      await fetch(`http://127.0.0.1:${port}/hello/1`);
      await new Promise((r) => setTimeout(r, 3000));
      return attempts;
    } finally {
      app.kill('SIGKILL'); // no exit flush: count only the batch's own retries
      await app.exited;
      await failing.stop();
    }
  }
  // The default 30 s budget retries the one batch with backoff (first retry within
  // 0.25–0.75 s, the next about a second later); a 1 ms budget allows one attempt.
  expect(await attemptsWithin(undefined)).toBeGreaterThanOrEqual(2);
  expect(await attemptsWithin('1')).toBeLessThanOrEqual(1);
});

test.each([
  ['OTEL_BSP_SCHEDULE_DELAY', 'soon'],
  ['OTEL_BSP_MAX_QUEUE_SIZE', '0'],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '1.5'],
  ['OTEL_BSP_EXPORT_TIMEOUT', '-1'],
])('%s=%p warns once, default used, spans still delivered', async (variable, bad) => {
  const r = await probe({ [variable]: bad });
  expect(r.code).toBe(0);
  expect(r.spans.length).toBeGreaterThan(0);
  expect(linesMentioning(r.stderr, variable)).toHaveLength(1);
});
