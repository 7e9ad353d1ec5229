// The per-request export timeout: a collector that accepts and never answers is
// abandoned after the timeout and the batch retried, instead of waiting 10 s.
import * as http from 'node:http';
import { startApp } from '../helpers/app';
import { linesMentioning, probe } from '../helpers/probe';

async function blackHoleThenOk() {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push(Date.now());
    req.resume();
    if (arrivals.length === 1) return; // first request: never answered
    req.on('end', () => res.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, arrivals, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

test.each([['OTEL_EXPORTER_OTLP_TIMEOUT'], ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT']])('%s=300 retries a black-holed export within about a second', async (variable) => {
  const sink = await blackHoleThenOk();
  const app = startApp('http/express-app.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, [variable]: '300' } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    await fetch(`http://127.0.0.1:${port}/hello/1`);
    const t0 = Date.now();
    while (sink.arrivals.length < 2 && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 50));
    expect(sink.arrivals.length).toBeGreaterThanOrEqual(2);
    expect(sink.arrivals[1] - sink.arrivals[0]).toBeLessThan(3000);
  } finally {
    app.kill();
    await app.exited;
    sink.server.closeAllConnections();
    sink.server.close();
  }
});

test('an invalid timeout warns once and the default is used', async () => {
  const r = await probe({ OTEL_EXPORTER_OTLP_TIMEOUT: '-5' });
  expect(r.code).toBe(0);
  expect(r.spans.length).toBeGreaterThan(0);
  expect(linesMentioning(r.stderr, 'OTEL_EXPORTER_OTLP_TIMEOUT')).toHaveLength(1);
});
