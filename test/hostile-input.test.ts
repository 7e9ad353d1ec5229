// Hostile incoming headers: bounded work, bounded attributes, the request served normally.
import * as http from 'node:http';
import { startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { median } from './helpers/stats';

let receiver: OtlpReceiver;
let app: RunningApp;
let port: string;

beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
  // Node itself refuses headers over 16 KB by default; raise it so the agent, not Node, meets the input.
  app = startApp('http/express-app.mjs', { nodeFlags: ['--max-http-header-size=4000000'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  [, port] = await app.waitForOutput(/READY (\d+)/);
});
afterAll(async () => {
  app.kill();
  await app.exited;
  await receiver.stop();
});

function send(path: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: Number(port), path, headers, maxHeaderSize: 4_000_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }));
      })
      .on('error', reject);
  });
}

async function spansFor(path: string) {
  const spans = await receiver.waitFor((s) => s.some((x) => x.attributes['url.path'] === path), 10_000);
  const server = spans.find((x) => x.attributes['url.path'] === path)!;
  return spans.filter((s) => s.traceId === server.traceId);
}

const hostile: [string, Record<string, string>][] = [
  ['a 1 MB baggage value', { baggage: `botanu.run_id=${'x'.repeat(1_000_000)}` }],
  ['10 000 baggage entries', { baggage: Array.from({ length: 10_000 }, (_, i) => `k${i}=v${i}`).join(',') + ',botanu.run_id=r1' }],
  ['bad percent-encoding', { baggage: 'botanu.run_id=%E0%A4%A,botanu.workflow=%ZZ,ok=1' }],
  ['control characters (percent-encoded)', { baggage: 'botanu.run_id=a%00b%07c%1Bd,botanu.workflow=w%0D%0Ax' }],
  ['duplicate keys', { baggage: 'botanu.run_id=first,botanu.run_id=second,botanu.run_id=third' }],
  ['traceparent garbage', { traceparent: 'zz-' + 'f'.repeat(5000), tracestate: ',,,=,=,'.repeat(2000), baggage: 'botanu.run_id=r2' }],
];

test.each(hostile)('%s: served normally, no attribute over 4096 characters', async (name, headers) => {
  const path = `/hello/${encodeURIComponent(name)}`;
  const r = await send(path, headers);
  expect(r.status).toBe(200);
  const trace = await spansFor(path);
  for (const s of trace) for (const v of Object.values(s.attributes)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(4096);
});

test('bounded work: 10 000 entries cost about what 10 do (no quadratic parsing)', async () => {
  const small = Array.from({ length: 10 }, (_, i) => `k${i}=v${i}`).join(',');
  const big = Array.from({ length: 10_000 }, (_, i) => `k${i}=v${i}`).join(',');
  const times = { small: [] as number[], big: [] as number[] };
  for (let i = 0; i < 5; i++) {
    times.small.push((await send('/hello/small', { baggage: small })).ms);
    times.big.push((await send('/hello/big', { baggage: big })).ms);
  }
  // 10 000 entries are ~140 KB of header: linear work is a few ms; quadratic would be seconds.
  expect(median(times.big)).toBeLessThan(median(times.small) + 250);
});
