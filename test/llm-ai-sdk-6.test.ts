// The Vercel AI SDK 6, whose OpenTelemetry spans are off unless a call turns
// experimental_telemetry on. Off (the default): llm-http records each provider
// request. On: the AI SDK's own model-call span records the usage and llm-http
// stays out. Either way exactly one span per request carries usage.
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { scenarioSpans } from './helpers/llm';
import { installSeparateApp } from './helpers/separate-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
const SCENARIOS = ['ai6-chat', 'ai6-chat-stream', 'ai6-telemetry', 'ai6-telemetry-stream'];
const SERVICE = 'ai6-app';

let server: { url: string; close(): Promise<void> };
let receiver: OtlpReceiver;

beforeAll(async () => {
  const dir = installSeparateApp('wire-ai6', 'wire', 'ai6-deps.json');
  server = await fixture.start();
  receiver = await new OtlpReceiver().start();
  const res = await runToEnd(path.join(dir, 'ai6-app.mjs'), { cwd: dir, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: SERVICE, OPENAI_URL: server.url } }, 60_000);
  expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
  await receiver.waitFor((all) => SCENARIOS.every((n) => all.some((s) => s.name === `botanu.run/llm-${n}`)), 15_000);
  await new Promise((r) => setTimeout(r, 300));
}, 180_000);

afterAll(async () => {
  await receiver?.stop();
  await server?.close();
});

const withUsage = (spans: DecodedSpan[]) => spans.filter((s) => s.attributes['gen_ai.usage.input_tokens'] !== undefined);

test.each([
  ['ai6-chat', fixture.USAGE.chat],
  ['ai6-chat-stream', fixture.USAGE.chatStream],
])('%s, telemetry off: llm-http records the request, one usage-bearing span', (scenario, u) => {
  const sc = scenarioSpans(receiver.spans, SERVICE, scenario as string);
  const spans = withUsage(sc.all);
  expect(spans.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  expect(spans[0].attributes).toMatchObject({ 'gen_ai.usage.input_tokens': (u as { prompt_tokens: number }).prompt_tokens, 'botanu.run_id': sc.run.attributes['botanu.run_id'] });
});

test.each([
  ['ai6-telemetry', fixture.USAGE.chat],
  ['ai6-telemetry-stream', fixture.USAGE.chatStream],
])('%s, telemetry on: the AI SDK\'s own span records, llm-http stays out, one usage-bearing span', (scenario, u) => {
  const sc = scenarioSpans(receiver.spans, SERVICE, scenario as string);
  const spans = withUsage(sc.all);
  expect(spans.map((s) => s.scope.name)).toEqual(['ai']);
  expect(spans[0].attributes).toMatchObject({ 'gen_ai.usage.input_tokens': (u as { prompt_tokens: number }).prompt_tokens, 'botanu.run_id': sc.run.attributes['botanu.run_id'] });
  expect(sc.all.filter((s) => s.scope.name === '@botanu/instrumentation-llm-http')).toHaveLength(0);
});
