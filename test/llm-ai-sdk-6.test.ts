// The Vercel AI SDK 6, whose OpenTelemetry spans are off unless a call turns
// experimental_telemetry on. Off (the default): llm-http records each provider
// request. On: the AI SDK's own model-call span records the usage and llm-http
// stays out. Either way exactly one span per request carries usage.
import type { DecodedSpan } from './helpers/receiver';
import { scenarioSpans } from './helpers/llm';
import { useScenarioApp } from './helpers/scenario-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
const SCENARIOS = ['ai6-chat', 'ai6-chat-stream', 'ai6-telemetry', 'ai6-telemetry-stream'];
const SERVICE = 'ai6-app';

const app = useScenarioApp({ name: 'wire-ai6', deps: 'ai6-deps.json', script: 'ai6-app.mjs', service: SERVICE, scenarios: SCENARIOS, fixtures: { OPENAI_URL: fixture } });

const withUsage = (spans: DecodedSpan[]) => spans.filter((s) => s.attributes['gen_ai.usage.input_tokens'] !== undefined);

test.each([
  ['ai6-chat', fixture.USAGE.chat, '@botanu/instrumentation-llm-http'],
  ['ai6-chat-stream', fixture.USAGE.chatStream, '@botanu/instrumentation-llm-http'],
  ['ai6-telemetry', fixture.USAGE.chat, 'ai'],
  ['ai6-telemetry-stream', fixture.USAGE.chatStream, 'ai'],
])('%s: one usage-bearing span, recorded by the expected layer', (scenario, u, layer) => {
  // telemetry off: llm-http records the request; on: the AI SDK's own span does and llm-http stays out.
  const sc = scenarioSpans(app.spans(), SERVICE, scenario as string);
  const spans = withUsage(sc.all);
  expect(spans.map((s) => s.scope.name)).toEqual([layer]);
  expect(spans[0].attributes).toMatchObject({ 'gen_ai.usage.input_tokens': (u as { prompt_tokens: number }).prompt_tokens, 'botanu.run_id': sc.run.attributes['botanu.run_id'] });
});
