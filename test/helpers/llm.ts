// Helpers for the LLM tests: run a fixture app against an installed SDK version,
// and pick a scenario's spans out of what the receiver got.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR } from './paths';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './receiver';

/**
 * The path of `script` (under fixtures/, as installed in APP_DIR) in a directory
 * where `pkg` resolves to the version installed under the npm alias `alias`:
 * a copy named `pkg`, because instrumentation hooks match on the package name.
 */
export function scriptWithSdk(script: string, alias: string, pkg: string): string {
  if (alias === pkg) return script;
  const dir = path.join(APP_DIR, 'llm-sdk', alias);
  const target = path.join(dir, 'node_modules', pkg);
  if (!fs.existsSync(path.join(target, 'package.json'))) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(path.join(APP_DIR, 'node_modules', alias), target, { recursive: true });
  }
  // The script and its sibling helpers (e.g. scenarios.mjs).
  const from = path.dirname(path.join(APP_DIR, script));
  for (const f of fs.readdirSync(from)) if (/\.(mjs|cjs|js)$/.test(f)) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  return path.join(dir, path.basename(script));
}

export interface LlmFixture {
  url: string;
  close(): Promise<void>;
}

/** Starts a provider fixture (fixtures/llm/*-server.cjs) and an OTLP receiver for the test file. */
export function useFixtureAndReceiver(fixture: { start(): Promise<LlmFixture> }): { server: () => LlmFixture; receiver: () => OtlpReceiver } {
  let server: LlmFixture;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    server = await fixture.start();
    receiver = await new OtlpReceiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
    await server.close();
  });
  return { server: () => server, receiver: () => receiver };
}

export interface ScenarioSpans {
  run: DecodedSpan;
  genai: DecodedSpan[];
  /** HTTP client spans of the run (node http or undici/fetch). */
  http: DecodedSpan[];
  all: DecodedSpan[];
}

export function isGenAi(s: DecodedSpan): boolean {
  return s.attributes['gen_ai.operation.name'] !== undefined;
}

export function scenarioSpans(spans: DecodedSpan[], service: string, scenario: string): ScenarioSpans {
  const mine = spans.filter((s) => s.resource['service.name'] === service);
  const run = mine.find((s) => s.name === `botanu.run/llm-${scenario}`);
  if (!run) throw new Error(`no run span for ${scenario} in ${service}: ${mine.map((s) => s.name).join(', ')}`);
  const all = mine.filter((s) => s.traceId === run.traceId);
  return { run, all, genai: all.filter(isGenAi), http: all.filter((s) => s.kind === SPAN_KIND.CLIENT && !isGenAi(s) && s.attributes['http.request.method'] !== undefined) };
}

export const RUN_CONTEXT = (scenario: string, runId: unknown) => ({
  'botanu.run_id': runId,
  'botanu.workflow': `llm-${scenario}`,
  'botanu.event_id': `evt-${scenario}`,
  'botanu.customer_id': 'acme',
});
