// Nothing of the agent's export pipeline is reachable from an app's objects
// (issue 21): a request holding the active span and context, inspected as
// console.log, a debugger or an assertion diff does, stays within a few KB of
// the same request without the agent, also while spans wait for a collector
// that refuses connections. Before: 2.3 MB here (the queue's 16 KiB encoder
// buffers byte by byte), and fastify's own same-shape test grew past 24 GB.
import * as net from 'node:net';
import { runToEnd, type Preload } from './helpers/app';

interface Sizes {
  span: number;
  requestAssertLike: number;
  requestDefault: number;
  requestDeep: number;
}

async function sizes(preload: Preload, env: Record<string, string>): Promise<Sizes> {
  const r = await runToEnd('transparency/inspect-request.cjs', { preload, env }, 60_000);
  const m = /^RESULT (.*)$/m.exec(r.stdout);
  if (!m) throw new Error(`no RESULT: ${r.stderr.slice(-2000)}`);
  return JSON.parse(m[1]) as Sizes;
}

test('util.inspect of a request carrying a span: within a few KB of its size without the agent (not megabytes of export queue)', async () => {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));

  const plain = await sizes('none', {});
  const none = await sizes('require', { OTEL_TRACES_EXPORTER: 'none' });
  const refused = await sizes('require', { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '20' });
  for (const agent of [none, refused]) {
    // The span alone: its own data, not its processor, limits or resource.
    expect(agent.span).toBeLessThan(2_000);
    // assert-like (customInspect off, every array element): the span (~1.2 KB) is printed once per
    // reference: the app's, the context, the route metadata, and on Node < 24 (no AsyncContextFrame)
    // the AsyncLocalStorage store Node keeps on each async resource of the socket. Measured:
    // +5 KB on Node 24, +13.5 KB on Node 22 (before: +2.3 MB with spans waiting for export).
    expect(agent.requestAssertLike - plain.requestAssertLike).toBeLessThan(16_000);
    expect(agent.requestDefault - plain.requestDefault).toBeLessThan(4_000);
    expect(agent.requestDeep - plain.requestDeep).toBeLessThan(20_000);
  }
}, 120_000);
