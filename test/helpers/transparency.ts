// Runs a fixture app that records library behaviours (prints `RESULT <json>`) plain, with the agent
// exporting nowhere, and with the agent facing a collector that refuses connections (issue 21,
// docs/library-suites.md): the three records must be equal.
import * as net from 'node:net';
import { runToEnd, type Preload } from './app';

export type Record_ = Record<string, unknown>;

export async function refusedEndpoint(): Promise<string> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}`;
}

export async function record(script: string, preload: Preload, env: Record<string, string>) {
  const r = await runToEnd(`transparency/${script}`, { preload, env }, 60_000);
  const m = /^RESULT (.*)$/m.exec(r.stdout);
  if (!m) throw new Error(`${script} (${preload}) printed no RESULT: ${r.stderr.slice(-2000)}`);
  return { result: JSON.parse(m[1]) as Record_, stderr: r.stderr };
}

/** The record plain, with the agent exporting nowhere, and with the agent facing a refusing collector. */
export async function threeWays(script: string, library: RegExp) {
  const plain = await record(script, 'none', {});
  const none = await record(script, 'require', { OTEL_TRACES_EXPORTER: 'none' });
  const refused = await record(script, 'require', { OTEL_EXPORTER_OTLP_ENDPOINT: await refusedEndpoint() });
  // The agent did instrument the library (else the comparison proves nothing).
  expect(none.stderr).toMatch(library);
  expect(refused.stderr).toMatch(library);
  return { plain, none, refused };
}
