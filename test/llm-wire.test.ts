// Every LLM call a run makes is costed whatever code makes it: the Vercel AI SDK
// (OpenAI chat/responses, Anthropic, embeddings; JSON and SSE), LangChain, the
// OpenAI Agents SDK, groq-sdk, cohere-ai and raw fetch (OpenAI SSE with and
// without include_usage, Ollama NDJSON) against local wire-compatible servers,
// real packages, the packed agent: one GenAI span per provider request with the
// model, the exact tokens the server sent and the run, recorded by exactly one
// layer (the SDK instrumentation when it hooked the call, else llm-http).
import type { DecodedSpan } from './helpers/receiver';
import { RUN_CONTEXT, scenarioSpans } from './helpers/llm';
import { useScenarioApp } from './helpers/scenario-app';
import { summarizeRun } from '../agent/cli/run-summary';
import { formatRunBlock } from '../agent/cli/run-block';

/* eslint-disable @typescript-eslint/no-require-imports */
const openaiFixture = require('../fixtures/llm/openai-server.cjs');
const anthropicFixture = require('../fixtures/llm/anthropic-server.cjs');
const moreFixture = require('../fixtures/wire/more-server.cjs');
/* eslint-enable @typescript-eslint/no-require-imports */
const O = openaiFixture.USAGE;
const A = anthropicFixture.USAGE;
const M = moreFixture.USAGE;

const WIRE = '@botanu/instrumentation-llm-http';
const OPENAI_SDK = '@botanu/instrumentation-openai';

const SERVICE = 'frameworks-app';

const SCENARIOS = [
  'ai-chat', 'ai-chat-stream', 'ai-responses', 'ai-responses-stream', 'ai-anthropic', 'ai-anthropic-stream', 'ai-embed',
  'langchain-invoke', 'langchain-stream', 'openai-agents', 'openai-sdk', 'groq', 'groq-stream', 'cohere', 'cohere-stream',
  'fetch-chat', 'fetch-chat-stream-usage', 'fetch-chat-stream-no-usage', 'fetch-ollama-stream', 'fetch-not-llm',
  'axios-chat', 'axios-chat-stream', 'http-anthropic-stream',
];

const app = useScenarioApp({
  name: 'wire-app',
  deps: 'app-deps.json',
  script: 'frameworks-app.mjs',
  service: SERVICE,
  scenarios: SCENARIOS,
  fixtures: { OPENAI_URL: openaiFixture, ANTHROPIC_URL: anthropicFixture, MORE_URL: moreFixture },
});
const spansNow = () => app.spans();

test('the openai SDK loaded by name was hooked: no notice that it was not', () => {
  expect(app.output().stderr).not.toMatch(/calls are costed at the HTTP layer/);
});

interface Expect {
  layer: string;
  provider: string;
  model: string;
  input: number;
  output?: number;
  cacheRead?: number;
  reasoning?: number;
  streaming: boolean;
  calls?: number;
}

function genaiOf(scenario: string) {
  const sc = scenarioSpans(spansNow(), SERVICE, scenario);
  for (const g of sc.genai) expect(g.attributes).toMatchObject(RUN_CONTEXT(scenario, sc.run.attributes['botanu.run_id']));
  return sc;
}

const usage = (s: DecodedSpan) => ({
  layer: s.scope.name,
  provider: s.attributes['gen_ai.provider.name'],
  model: s.attributes['gen_ai.request.model'],
  input: s.attributes['gen_ai.usage.input_tokens'],
  output: s.attributes['gen_ai.usage.output_tokens'],
  cacheRead: s.attributes['botanu.usage.cache_read_tokens'],
  reasoning: s.attributes['botanu.usage.reasoning_tokens'],
  streaming: s.attributes['botanu.request.streaming'],
});

const chat = { model: 'gpt-4o-mini', input: O.chat.prompt_tokens, output: O.chat.completion_tokens, cacheRead: 17, reasoning: 9 };
const chatStream = { model: 'gpt-4o-mini', input: O.chatStream.prompt_tokens, output: O.chatStream.completion_tokens, cacheRead: 13, reasoning: 5 };
const responses = { model: 'gpt-4.1-mini', input: O.responses.input_tokens, output: O.responses.output_tokens, cacheRead: 19, reasoning: 11 };
const responsesStream = { model: 'gpt-4.1-mini', input: O.responsesStream.input_tokens, output: O.responsesStream.output_tokens, cacheRead: 21, reasoning: 7 };
const anthropicTotal = (u: Record<string, number>) => u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;

const CASES: Record<string, Expect> = {
  'ai-chat': { layer: WIRE, provider: 'openai', streaming: false, ...chat },
  'ai-chat-stream': { layer: WIRE, provider: 'openai', streaming: true, ...chatStream },
  'ai-responses': { layer: WIRE, provider: 'openai', streaming: false, ...responses },
  'ai-responses-stream': { layer: WIRE, provider: 'openai', streaming: true, ...responsesStream },
  'ai-anthropic': { layer: WIRE, provider: 'anthropic', streaming: false, model: 'claude-sonnet-4-5', input: anthropicTotal(A.create), output: A.create.output_tokens, cacheRead: A.create.cache_read_input_tokens, reasoning: A.create.thinking_tokens },
  'ai-anthropic-stream': { layer: WIRE, provider: 'anthropic', streaming: true, model: 'claude-sonnet-4-5', input: anthropicTotal(A.stream), output: A.stream.output_tokens, cacheRead: A.stream.cache_read_input_tokens, reasoning: A.stream.thinking_tokens },
  'ai-embed': { layer: WIRE, provider: 'openai', streaming: false, model: 'text-embedding-3-small', input: O.embeddings.prompt_tokens },
  'langchain-invoke': { layer: OPENAI_SDK, provider: 'openai', streaming: false, ...chat },
  'langchain-stream': { layer: OPENAI_SDK, provider: 'openai', streaming: true, ...chatStream },
  'openai-agents': { layer: OPENAI_SDK, provider: 'openai', streaming: false, ...responses },
  'openai-sdk': { layer: OPENAI_SDK, provider: 'openai', streaming: false, ...chat },
  groq: { layer: WIRE, provider: 'openai', streaming: false, model: 'llama-3.3-70b-versatile', input: M.groq.prompt_tokens, output: M.groq.completion_tokens },
  'groq-stream': { layer: WIRE, provider: 'openai', streaming: true, model: 'llama-3.3-70b-versatile', input: M.groqStream.prompt_tokens, output: M.groqStream.completion_tokens },
  cohere: { layer: WIRE, provider: 'cohere', streaming: false, model: 'command-a-03-2025', input: M.cohere.billed_units.input_tokens, output: M.cohere.billed_units.output_tokens },
  'cohere-stream': { layer: WIRE, provider: 'cohere', streaming: true, model: 'command-a-03-2025', input: M.cohereStream.billed_units.input_tokens, output: M.cohereStream.billed_units.output_tokens },
  'fetch-chat': { layer: WIRE, provider: 'openai', streaming: false, ...chat },
  'fetch-chat-stream-usage': { layer: WIRE, provider: 'openai', streaming: true, ...chatStream },
  'axios-chat': { layer: WIRE, provider: 'openai', streaming: false, ...chat },
  'axios-chat-stream': { layer: WIRE, provider: 'openai', streaming: true, ...chatStream },
  'http-anthropic-stream': { layer: WIRE, provider: 'anthropic', streaming: true, model: 'claude-sonnet-4-5', input: anthropicTotal(A.stream), output: A.stream.output_tokens, cacheRead: A.stream.cache_read_input_tokens, reasoning: A.stream.thinking_tokens },
  'fetch-ollama-stream': { layer: WIRE, provider: 'ollama', streaming: true, model: 'llama3.2', input: M.ollamaStream.prompt_eval_count, output: M.ollamaStream.eval_count },
};

test.each(Object.keys(CASES))('%s: one GenAI span with the exact usage, the model and the run', (scenario) => {
  const e = CASES[scenario];
  const sc = genaiOf(scenario);
  expect(sc.genai).toHaveLength(e.calls ?? 1);
  const [g] = sc.genai;
  const { calls: _calls, ...want } = e;
  expect(usage(g)).toEqual({ cacheRead: undefined, reasoning: undefined, output: undefined, ...want });
  expect(g.attributes['botanu.usage.missing']).toBeUndefined();
  // One HTTP span for the provider request: the GenAI span's child (fetch, SDKs), or its parent (node:http clients).
  expect(sc.http.filter((h) => h.parentSpanId === g.spanId || h.spanId === g.parentSpanId)).toHaveLength(1);
  expect(String(app.result()[scenario])).not.toMatch(/^threw/);
});

test('a stream without stream_options.include_usage: one span, usage reported missing, never estimated', () => {
  const sc = genaiOf('fetch-chat-stream-no-usage');
  expect(sc.genai).toHaveLength(1);
  expect(sc.genai[0].attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o-mini', 'botanu.usage.missing': true, 'botanu.request.streaming': true });
  expect(sc.genai[0].attributes['gen_ai.usage.input_tokens']).toBeUndefined();
});

test('a POST to a look-alike path whose body is no LLM request is no GenAI span', () => {
  const sc = genaiOf('fetch-not-llm');
  expect(sc.genai).toHaveLength(0);
  expect(sc.http).toHaveLength(1);
});

test('the dev viewer shows each call with its model, tokens and the layer that recorded it', () => {
  const block = (scenario: string) => {
    const sc = scenarioSpans(spansNow(), SERVICE, scenario);
    return formatRunBlock(summarizeRun(String(sc.run.attributes['botanu.run_id']), sc.all)!);
  };
  expect(block('ai-chat')).toContain(`${openaiFixture.MODEL.chat} (${SERVICE}, via http): 57 in / 23 out / 17 cached`);
  expect(block('openai-sdk')).toContain(`${openaiFixture.MODEL.chat} (${SERVICE}, via openai): 57 in / 23 out / 17 cached`);
  expect(block('ai-chat')).toContain('llm       1 call,');
});
