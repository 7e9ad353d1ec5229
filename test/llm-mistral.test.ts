// @mistralai/mistralai, whose own GenAI tracing is off unless MISTRAL_SDK_TELEMETRY
// is set: its calls (fetch to /v1/chat/completions) are costed by llm-http, one
// GenAI span each with the exact usage and the run. Installed on its own with
// pnpm (its optional peers pin OpenTelemetry 2.x, which npm refuses next to the
// agent's 3.x).
import { RUN_CONTEXT, scenarioSpans } from './helpers/llm';
import { useScenarioApp } from './helpers/scenario-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const more = require('../fixtures/wire/more-server.cjs');
const SCENARIOS = ['mistral-chat', 'mistral-stream'];

const app = useScenarioApp({
  name: 'wire-mistral',
  deps: 'mistral-deps.json',
  manager: 'pnpm',
  script: 'mistral-app.mjs',
  service: 'mistral-app',
  scenarios: SCENARIOS,
  fixtures: { OPENAI_URL: fixture, MORE_URL: more },
});

test('chat.complete: one GenAI span, exact usage, the run', () => {
  expect(app.result()['mistral-chat']).toBe(fixture.USAGE.chat.prompt_tokens);
  const sc = scenarioSpans(app.spans(), 'mistral-app', 'mistral-chat');
  expect(sc.genai.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  expect(sc.genai[0].attributes).toMatchObject({
    'gen_ai.request.model': 'mistral-small-latest',
    'gen_ai.usage.input_tokens': fixture.USAGE.chat.prompt_tokens,
    'gen_ai.usage.output_tokens': fixture.USAGE.chat.completion_tokens,
    ...RUN_CONTEXT('mistral-chat', sc.run.attributes['botanu.run_id']),
  });
});

test('chat.stream: one GenAI span ended with the stream, usage from the last chunk', () => {
  expect(typeof app.result()['mistral-stream']).toBe('number');
  const sc = scenarioSpans(app.spans(), 'mistral-app', 'mistral-stream');
  expect(sc.genai.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  expect(sc.genai[0].attributes).toMatchObject({
    'gen_ai.request.model': 'mistral-small-latest',
    'gen_ai.response.model': 'mistral-small-2503',
    'gen_ai.usage.input_tokens': more.USAGE.mistralStream.prompt_tokens,
    'gen_ai.usage.output_tokens': more.USAGE.mistralStream.completion_tokens,
    'botanu.request.streaming': true,
    ...RUN_CONTEXT('mistral-stream', sc.run.attributes['botanu.run_id']),
  });
});
