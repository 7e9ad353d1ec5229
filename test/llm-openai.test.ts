// OpenAI SDK 4.x–7.x driven at a local OpenAI wire-format fixture by an app with
// no tracing code: one GenAI span per logical call with the exact usage the
// fixture sent, the run context, and one HTTP client span per attempt under it.
import { runToEnd } from './helpers/app';
import { SPAN_KIND, type DecodedSpan } from './helpers/receiver';
import { RUN_CONTEXT, scenarioSpans, scriptWithSdk, useFixtureAndReceiver } from './helpers/llm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
const { USAGE, MODEL } = fixture;

const VERSIONS = ['openai', 'openai-v6', 'openai-v5', 'openai-v4'];
const ALL = ['chat', 'chat-stream-usage', 'chat-stream-no-usage', 'chat-stream-abandoned', 'chat-stream-error', 'chat-error', 'chat-retry', 'responses', 'responses-stream', 'responses-stream-helper', 'chat-stream-helper', 'completion', 'embeddings', 'azure-chat'];

const { server, receiver } = useFixtureAndReceiver(fixture);

async function runScenarios(alias: string, scenarios: string[], extraEnv: Record<string, string> = {}) {
  const service = `${alias}-${Object.keys(extraEnv).length ? 'capture' : 'app'}`;
  const script = scriptWithSdk('llm/openai-app.mjs', alias, 'openai');
  const res = await runToEnd(script, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver().url, OTEL_SERVICE_NAME: service, FIXTURE_URL: server().url, SCENARIOS: scenarios.join(','), ...extraEnv } }, 60_000);
  expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
  const result = JSON.parse(res.stdout.match(/RESULT (.*)/)![1]);
  const spans = await receiver().waitFor((all) => scenarios.every((n) => all.some((s) => s.resource['service.name'] === service && s.name === `botanu.run/llm-${n}`)), 15_000);
  return { service, result, spans: () => receiver().spans as DecodedSpan[], first: spans };
}

function usageOf(s: DecodedSpan) {
  const a = s.attributes;
  return {
    input: a['gen_ai.usage.input_tokens'],
    output: a['gen_ai.usage.output_tokens'],
    cacheRead: a['botanu.usage.cache_read_tokens'],
    cacheReadSemconv: a['gen_ai.usage.cache_read.input_tokens'],
    reasoning: a['botanu.usage.reasoning_tokens'],
    missing: a['botanu.usage.missing'],
  };
}

describe.each(VERSIONS)('%s', (alias) => {
  let run: Awaited<ReturnType<typeof runScenarios>>;
  beforeAll(async () => {
    run = await runScenarios(alias, ALL);
  }, 90_000);

  function one(scenario: string) {
    const sc = scenarioSpans(run.spans(), run.service, scenario);
    expect(sc.genai.map((s) => s.name)).toHaveLength(1);
    const [span] = sc.genai;
    expect(span.kind).toBe(SPAN_KIND.CLIENT);
    expect(span.parentSpanId).toBe(sc.run.spanId);
    expect(span.attributes).toMatchObject(RUN_CONTEXT(scenario, sc.run.attributes['botanu.run_id']));
    const attempts = sc.http.filter((h) => h.parentSpanId === span.spanId);
    expect(attempts).toHaveLength(sc.http.length); // every HTTP attempt of the run is under the GenAI span
    return { span, attempts, sc };
  }

  test('chat completion: exact usage incl. cached and reasoning tokens, run context, one HTTP span', () => {
    const { span, attempts } = one('chat');
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.response.model': MODEL.chat,
      'gen_ai.response.finish_reasons': ['stop'],
      'botanu.request.streaming': false,
      'server.address': '127.0.0.1',
    });
    expect(span.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-fixture-\d+$/);
    const u = USAGE.chat;
    expect(usageOf(span)).toEqual({ input: u.prompt_tokens, output: u.completion_tokens, cacheRead: 17, cacheReadSemconv: 17, reasoning: 9, missing: undefined });
    expect(attempts).toHaveLength(1);
    expect(span.attributes['botanu.request.attempts']).toBe(1);
    expect(span.status.code).toBe(0);
    expect(run.result.chat).toEqual(u);
  });

  test('streamed chat with include_usage: usage from the final chunk, span ends with the stream', () => {
    const { span, attempts } = one('chat-stream-usage');
    const u = USAGE.chatStream;
    expect(usageOf(span)).toEqual({ input: u.prompt_tokens, output: u.completion_tokens, cacheRead: 13, cacheReadSemconv: 13, reasoning: 5, missing: undefined });
    expect(span.attributes).toMatchObject({ 'botanu.request.streaming': true, 'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.response.model': MODEL.chat });
    expect(attempts).toHaveLength(1);
    expect(run.result['chat-stream-usage']).toBe(8); // every chunk reached the app: role, 5 words, finish, usage
  });

  test('streamed chat without include_usage: usage recorded as missing, never estimated', () => {
    const { span } = one('chat-stream-no-usage');
    expect(usageOf(span)).toEqual({ input: undefined, output: undefined, cacheRead: undefined, cacheReadSemconv: undefined, reasoning: undefined, missing: true });
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(run.result['chat-stream-no-usage']).toBe(7);
  });

  test('a stream abandoned halfway (break) ends its span as cancelled', () => {
    const { span } = one('chat-stream-abandoned');
    expect(span.attributes['botanu.stream.cancelled']).toBe(true);
    expect(span.attributes['botanu.usage.missing']).toBe(true);
    expect(span.status.code).toBe(0);
    expect(run.result['chat-stream-abandoned']).toBe(2);
  });

  test('a stream that errors midway records error.type and ERROR status', () => {
    const { span } = one('chat-stream-error');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('server_error');
    expect(span.events.map((e) => e.name)).toContain('exception');
    expect(run.result['chat-stream-error']).toBe('APIError');
  });

  test('an API error (400) records the provider error type; not retried', () => {
    const { span, attempts } = one('chat-error');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('invalid_request_error');
    expect(attempts).toHaveLength(1);
    expect(run.result['chat-error']).toBe(400);
  });

  test('429 then success: one GenAI span with the usage, two HTTP attempt spans under it', () => {
    const { span, attempts } = one('chat-retry');
    expect(usageOf(span).input).toBe(USAGE.chat.prompt_tokens);
    expect(span.status.code).toBe(0);
    expect(attempts.map((a) => [a.attributes['http.response.status_code'], a.attributes['http.request.resend_count']]).sort()).toEqual([
      [200, 1],
      [429, undefined],
    ]);
    expect(span.attributes['botanu.request.attempts']).toBe(2);
  });

  test('Responses API: exact usage incl. cached and reasoning tokens', () => {
    const { span } = one('responses');
    const u = USAGE.responses;
    expect(span.name).toBe('chat gpt-4.1-mini');
    expect(usageOf(span)).toEqual({ input: u.input_tokens, output: u.output_tokens, cacheRead: 19, cacheReadSemconv: 19, reasoning: 11, missing: undefined });
    expect(span.attributes).toMatchObject({ 'gen_ai.response.model': MODEL.responses, 'gen_ai.response.finish_reasons': ['completed'] });
    expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_fixture_\d+$/);
  });

  test('Responses API streamed: usage from response.completed', () => {
    const { span } = one('responses-stream');
    const u = USAGE.responsesStream;
    expect(usageOf(span)).toEqual({ input: u.input_tokens, output: u.output_tokens, cacheRead: 21, cacheReadSemconv: 21, reasoning: 7, missing: undefined });
    expect(span.attributes['botanu.request.streaming']).toBe(true);
    expect(run.result['responses-stream']).toBe(13);
  });

  test('responses.stream() helper: still exactly one GenAI span with the usage', () => {
    const { span } = one('responses-stream-helper');
    expect(usageOf(span).output).toBe(USAGE.responsesStream.output_tokens);
    expect(run.result['responses-stream-helper']).toMatch(/^resp_fixture_\d+$/);
  });

  test('chat.completions.stream() helper: one GenAI span with the final-chunk usage', () => {
    const { span } = one('chat-stream-helper');
    expect(usageOf(span).input).toBe(USAGE.chatStream.prompt_tokens);
    expect(span.attributes['botanu.request.streaming']).toBe(true);
    expect(run.result['chat-stream-helper']).toMatch(/^chatcmpl-fixture-\d+$/);
  });

  test('legacy completions: text_completion span with exact usage', () => {
    const { span } = one('completion');
    expect(span.name).toBe('text_completion gpt-3.5-turbo-instruct');
    expect(span.attributes).toMatchObject({ 'gen_ai.request.max_tokens': 16, 'gen_ai.response.finish_reasons': ['length'], 'gen_ai.response.model': MODEL.completion });
    expect(usageOf(span)).toMatchObject({ input: USAGE.completion.prompt_tokens, output: USAGE.completion.completion_tokens, missing: undefined });
  });

  test('embeddings: input tokens, no output tokens, not marked missing', () => {
    const { span } = one('embeddings');
    expect(span.name).toBe('embeddings text-embedding-3-small');
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 8, 'gen_ai.response.model': MODEL.embeddings });
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(span.attributes['botanu.usage.missing']).toBeUndefined();
    expect(run.result.embeddings).toBe(3);
  });

  test('Azure OpenAI client: provider azure.ai.openai, same exact usage', () => {
    const { span } = one('azure-chat');
    expect(span.attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(usageOf(span).input).toBe(USAGE.chat.prompt_tokens);
  });
});

test('content capture: off by default; when on, scrubbed of keys, cards and emails', async () => {
  const off = scenarioSpans((await runScenarios('openai', ['chat'])).spans(), 'openai-app', 'chat');
  expect(off.genai[0].attributes['gen_ai.input.messages']).toBeUndefined();
  const on = await runScenarios('openai', ['chat-capture'], { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
  const [span] = scenarioSpans(on.spans(), on.service, 'chat-capture').genai;
  const input = String(span.attributes['gen_ai.input.messages']);
  expect(input).toContain('[REDACTED:openai_key]');
  expect(input).toContain('[REDACTED:credit_card]');
  expect(input).toContain('[REDACTED:email]');
  expect(input).not.toMatch(/sk-proj|4111|bob@/);
  expect(String(span.attributes['gen_ai.output.messages'])).toContain('Hello from the fixture.');
}, 90_000);

test('a stream reaches the app unchanged (chunks, tee, toReadableStream) with and without the agent', async () => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver().url, OTEL_SERVICE_NAME: 'openai-chunks', FIXTURE_URL: server().url, SCENARIOS: 'chat-stream-chunks' };
  const [withAgent, without] = await Promise.all(['import', 'none'].map((preload) => runToEnd('llm/openai-app.mjs', { preload: preload as 'import' | 'none', env })));
  const result = (r: { stdout: string }) => JSON.parse(r.stdout.match(/RESULT (.*)/)![1])['chat-stream-chunks'];
  // Ids differ per request (the fixture numbers them); everything else must be identical.
  const normalise = (x: { seen: Array<{ id: string }>; bytes: number }) => ({ ...x, seen: x.seen.map((c) => ({ ...c, id: 'id' })) });
  expect(normalise(result(withAgent))).toEqual(normalise(result(without)));
  expect(result(withAgent).seen).toHaveLength(8);
  const spans = await receiver().waitFor((all) => all.some((s) => s.resource['service.name'] === 'openai-chunks' && s.name === 'botanu.run/llm-chat-stream-chunks'));
  const [span] = scenarioSpans(spans, 'openai-chunks', 'chat-stream-chunks').genai;
  expect(span.attributes['gen_ai.usage.output_tokens']).toBe(USAGE.chatStream.completion_tokens);
}, 60_000);

test('garbage collection: a call never awaited ends its span (usage missing); a call or stream still being read is not ended early', async () => {
  const res = await runToEnd('llm/openai-dropped.mjs', { nodeFlags: ['--expose-gc'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver().url, OTEL_SERVICE_NAME: 'openai-gc', FIXTURE_URL: server().url } });
  expect(res.code).toBe(0);
  expect(JSON.parse(res.stdout.match(/RESULT (.*)/)![1])).toEqual({ chunks: 8, input: USAGE.chat.prompt_tokens });
  const spans = await receiver().waitFor((all) => ['dropped', 'gc-parse', 'gc-stream'].every((n) => all.some((s) => s.resource['service.name'] === 'openai-gc' && s.attributes['botanu.workflow'] === `llm-${n}` && s.name === 'chat gpt-4o-mini')));
  expect(scenarioSpans(spans, 'openai-gc', 'dropped').genai.map((s) => s.attributes['botanu.usage.missing'])).toEqual([true]);
  const [parsed] = scenarioSpans(spans, 'openai-gc', 'gc-parse').genai;
  expect(parsed.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': USAGE.chat.prompt_tokens, 'gen_ai.response.finish_reasons': ['stop'] });
  expect(parsed.attributes['botanu.usage.missing']).toBeUndefined();
  const [stream] = scenarioSpans(spans, 'openai-gc', 'gc-stream').genai;
  expect(stream.attributes).toMatchObject({ 'gen_ai.usage.output_tokens': USAGE.chatStream.completion_tokens, 'gen_ai.response.finish_reasons': ['stop'] });
  expect(stream.attributes['botanu.stream.cancelled']).toBeUndefined();
}, 60_000);

test('a CommonJS app (require, --require preload) gets the same GenAI span', async () => {
  const res = await runToEnd('llm/openai-app.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver().url, OTEL_SERVICE_NAME: 'openai-cjs', FIXTURE_URL: server().url } });
  expect(res.code).toBe(0);
  const spans = await receiver().waitFor((all) => ['cjs-chat', 'cjs-stream'].every((n) => all.some((s) => s.resource['service.name'] === 'openai-cjs' && s.name === `botanu.run/llm-${n}`)));
  const chat = scenarioSpans(spans, 'openai-cjs', 'cjs-chat');
  expect(chat.genai.map((s) => s.attributes['gen_ai.usage.input_tokens'])).toEqual([USAGE.chat.prompt_tokens]);
  const stream = scenarioSpans(spans, 'openai-cjs', 'cjs-stream');
  expect(stream.genai.map((s) => s.attributes['gen_ai.usage.output_tokens'])).toEqual([USAGE.chatStream.completion_tokens]);
  expect(chat.http.map((h) => h.parentSpanId)).toEqual([chat.genai[0].spanId]);
}, 60_000);

test('openai 3.x (not covered): app runs unchanged, one startup line says it is not covered; its calls are costed at the HTTP layer', async () => {
  const script = scriptWithSdk('llm/openai-v3-app.mjs', 'openai-v3', 'openai');
  const res = await runToEnd(script, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver().url, OTEL_SERVICE_NAME: 'openai-v3', FIXTURE_URL: server().url } });
  expect(res.code).toBe(0);
  expect(JSON.parse(res.stdout.match(/RESULT (.*)/)![1])).toEqual(USAGE.chat);
  expect(res.stderr.split('\n').filter((l) => /openai 3\.3\.0 is installed but not covered/.test(l))).toHaveLength(1);
  const spans = await receiver().waitFor((all) => all.some((s) => s.resource['service.name'] === 'openai-v3' && s.name === 'botanu.run/llm-v3'));
  const sc = scenarioSpans(spans, 'openai-v3', 'v3');
  // No SDK-level span; its request (axios over node:http) is recognised by llm-http instead.
  expect(sc.genai.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  expect(sc.genai[0].attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': USAGE.chat.prompt_tokens, 'gen_ai.usage.output_tokens': USAGE.chat.completion_tokens });
  expect(sc.http.length).toBeGreaterThanOrEqual(1); // its HTTP request is still traced
}, 60_000);
