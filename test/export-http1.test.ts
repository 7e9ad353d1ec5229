// The OTLP/HTTP exporter's own HTTP/1.1 client (agent/export/http1-client.ts),
// against collectors that answer in every framing HTTP/1.1 allows, over TLS with
// client certificates, and with the app's node:http client left alone: every
// span arrives exactly once, connections are kept alive where the server allows.
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeTraceRequestProto } from '../agent/cli/receiver/otlp-decode';
import { runToEnd, startApp } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { makeTestCerts, type TestCerts } from './helpers/test-certs';

const BURSTS = 6;
const NAMES = Array.from({ length: BURSTS }, (_, b) => Array.from({ length: 20 }, (_, n) => `b${b}-${n}`)).flat().sort();

type Framing = (body: string) => string[];

/** A collector on a raw socket: parses each POST, keeps its spans' names, answers with `frame`'s pieces (written apart). */
async function rawCollector(frame: Framing, opts: { closeAfterAnswer?: boolean } = {}) {
  const names: string[] = [];
  let connections = 0;
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let buf = Buffer.alloc(0);
    s.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const body = buf.subarray(end + 4, end + 4 + length);
        buf = buf.subarray(end + 4 + length);
        requests++;
        for (const span of decodeTraceRequestProto(body)) names.push(span.name);
        const pieces = frame('{}');
        // Each piece its own write, a tick apart: the client must put the answer together.
        pieces.forEach((p, i) => setTimeout(() => s.write(p), i * 5));
        if (opts.closeAfterAnswer) setTimeout(() => s.end(), pieces.length * 5 + 5);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    names,
    stats: () => ({ connections, requests }),
    stop: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  };
}

async function exportTo(url: string, env: Record<string, string> = {}) {
  return runToEnd('safety/span-batches.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '50', SPAN_BURSTS: String(BURSTS), ...env } }, 30_000);
}

const FRAMINGS: Array<[string, Framing, { keepsAlive: boolean; closeAfterAnswer?: boolean }]> = [
  ['content-length', (b) => [`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${b.length}\r\n\r\n`, b], { keepsAlive: true }],
  ['chunked, split across writes, with a trailer', (b) => ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n', `${b.length.toString(16)}\r\n${b}`, '\r\n0\r\nx-trailer: 1\r\n', '\r\n'], { keepsAlive: true }],
  ['100 Continue first', (b) => ['HTTP/1.1 100 Continue\r\n\r\n', `HTTP/1.1 200 OK\r\ncontent-length: ${b.length}\r\n\r\n${b}`], { keepsAlive: true }],
  ['no length: the body ends with the connection', (b) => [`HTTP/1.1 200 OK\r\n\r\n${b}`], { keepsAlive: false, closeAfterAnswer: true }],
  ['connection: close', (b) => [`HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: ${b.length}\r\n\r\n${b}`], { keepsAlive: false, closeAfterAnswer: true }],
  ['HTTP/1.0 without keep-alive', (b) => [`HTTP/1.0 200 OK\r\ncontent-length: ${b.length}\r\n\r\n${b}`], { keepsAlive: false, closeAfterAnswer: true }],
];

test.each(FRAMINGS)('a collector answering with %s gets every span exactly once', async (_name, frame, { keepsAlive, closeAfterAnswer }) => {
  const collector = await rawCollector(frame, { closeAfterAnswer });
  try {
    const res = await exportTo(collector.url);
    expect(res.code).toBe(0);
    expect([...collector.names].sort()).toEqual(NAMES);
    const { connections, requests } = collector.stats();
    expect(requests).toBeGreaterThanOrEqual(3); // the bursts went out apart
    if (keepsAlive) expect(connections).toBeLessThanOrEqual(2);
    else expect(connections).toBe(requests);
    expect(res.stderr).not.toMatch(/could not export|drop/i);
  } finally {
    await collector.stop();
  }
}, 40_000);

test('a collector that drops an idle connection: the next batch goes out on a new one, nothing lost', async () => {
  // Answers keep-alive, then closes the connection 30 ms after each answer (before the next burst).
  const collector = await rawCollector((b) => [`HTTP/1.1 200 OK\r\ncontent-length: ${b.length}\r\n\r\n${b}`], { closeAfterAnswer: true });
  try {
    const res = await exportTo(collector.url);
    expect(res.code).toBe(0);
    expect([...collector.names].sort()).toEqual(NAMES);
    expect(res.stderr).not.toMatch(/could not export/);
  } finally {
    await collector.stop();
  }
}, 40_000);

test("the agent's export makes no node:http client request (the app's http client code and its tracers see only the app's)", async () => {
  const receiver = await new OtlpReceiver().start();
  const counter = path.join(os.tmpdir(), `botanu-http-client-count-${process.pid}.cjs`);
  fs.writeFileSync(
    counter,
    `let n = 0; require('node:diagnostics_channel').subscribe('http.client.request.start', () => n++);
     process.on('exit', () => console.log('HTTP_CLIENT_REQUESTS ' + n));`,
  );
  try {
    const res = await runToEnd('safety/span-batches.mjs', { nodeFlags: ['--require', counter], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, SPAN_BURSTS: String(BURSTS) } }, 30_000);
    expect(res.code).toBe(0);
    expect(receiver.spans.map((s) => s.name).sort()).toEqual(NAMES);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(3);
    expect(/HTTP_CLIENT_REQUESTS (\d+)/.exec(res.stdout)?.[1]).toBe('0');
  } finally {
    fs.rmSync(counter, { force: true });
    await receiver.stop();
  }
}, 40_000);

test('a collector whose keep-alive timeout is 1 s: batches reuse its connections, and every batch goes out while the app runs', async () => {
  // Node's server with keepAliveTimeout 1000 answers `Keep-Alive: timeout=1`: kept for half of it.
  // 20 bursts 120 ms apart: a connection kept busy until the server closes it would let 2 batches a second through.
  const bursts = 20;
  const receiver = await new OtlpReceiver().start();
  const app = startApp('safety/span-batches.mjs', { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50', SPAN_BURSTS: String(bursts), SPAN_LINGER_MS: '20000' } });
  try {
    await app.waitForOutput(/DONE/);
    await receiver.waitFor((s) => s.length >= bursts * 20, 1500);
    expect(new Set(receiver.spans.map((s) => s.name)).size).toBe(bursts * 20);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(10);
    expect(receiver.connections).toBeLessThanOrEqual(4);
  } finally {
    app.kill('SIGKILL');
    await app.exited;
    await receiver.stop();
  }
}, 40_000);

describe('https', () => {
  let certs: TestCerts;
  const pem = (name: string) => certs.pem(name);

  beforeAll(() => {
    certs = makeTestCerts('botanu-http-tls-');
  });
  afterAll(() => certs.remove());

  async function httpsCollector(options: https.ServerOptions) {
    const names: string[] = [];
    const clients: string[] = [];
    const server = https.createServer(options, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        clients.push(String((req.socket as import('node:tls').TLSSocket).getPeerCertificate?.()?.subject?.CN ?? ''));
        for (const span of decodeTraceRequestProto(Buffer.concat(chunks))) names.push(span.name);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    return { port, names, clients, stop: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
  }

  test.each([['an IP address', '127.0.0.1'], ['a host name (SNI)', 'localhost']])(
    'mutual TLS to %s with the CA from OTEL_EXPORTER_OTLP_CERTIFICATE and a client certificate',
    async (_what, host) => {
      const c = await httpsCollector({ key: pem('server.key'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true });
      try {
        const res = await exportTo(`https://${host}:${c.port}`, {
          OTEL_EXPORTER_OTLP_CERTIFICATE: certs.file('ca.pem'),
          OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.file('client.key'),
          OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.file('client.pem'),
        });
        expect(res.code).toBe(0);
        expect([...c.names].sort()).toEqual(NAMES);
        expect(new Set(c.clients)).toEqual(new Set(['client']));
      } finally {
        await c.stop();
      }
    },
    40_000,
  );

  test('a server certificate the CA did not sign is refused: nothing is sent', async () => {
    const c = await httpsCollector({ key: pem('server.key'), cert: pem('server.pem') });
    try {
      const res = await exportTo(`https://127.0.0.1:${c.port}`, { BOTANU_LOG_LEVEL: 'warn', OTEL_BSP_EXPORT_TIMEOUT: '2000' });
      expect(c.names).toHaveLength(0);
      expect(res.stderr).toMatch(/produced 120, exported 0, dropped 0, failed 120/);
    } finally {
      await c.stop();
    }
  }, 40_000);
});
