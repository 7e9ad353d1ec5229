// @anthropic-ai/sdk driven at a local Anthropic wire-format fixture by an app
// with no tracing code. 0.x before 0.134 and 1.x with its native tracing off get
// our GenAI span; 1.x by default traces itself and we complete its span. Either
// way: exactly one GenAI span per call with the exact usage the fixture sent
// (cache reads/writes and thinking tokens included), the run context, and one
// HTTP client span per attempt under it.
import { runToEnd } from './helpers/app';
import { SPAN_KIND, type DecodedSpan } from './helpers/receiver';
import { RUN_CONTEXT, scenarioSpans, scriptWithSdk, useFixtureAndReceiver } from './helpers/llm';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/anthropic-server.cjs');
const { USAGE, MODEL } = fixture;

const ALL = ['create', 'beta', 'create-stream', 'stream-helper', 'stream-abandoned', 'stream-error', 'error', 'retry', 'overloaded'];
const SETUPS = [
  { name: '0.133 (ours)', alias: 'anthropic-v0', env: {}, native: false },
  { name: '1.x native tracing off (ours)', alias: '@anthropic-ai/sdk', env: { ANTHROPIC_OPEN_TELEMETRY: 'false' }, native: false },
  { name: '1.x native tracing (completed by us)', alias: '@anthropic-ai/sdk', env: {}, native: true },
];

const { server, receiver } = useFixtureAndReceiver(fixture);

const total = (u: { input_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number }) => u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
function usageOf(s: DecodedSpan) {
  const a = s.attributes;
  return { input: a['gen_ai.usage.input_tokens'], output: a['gen_ai.usage.output_tokens'], cacheRead: a['botanu.usage.cache_read_tokens'], cacheWrite: a['botanu.usage.cache_write_tokens'], reasoning: a['botanu.usage.reasoning_tokens'] };
}

describe.each(SETUPS)('anthropic $name', ({ name, alias, env, native }) => {
  const service = `anthropic-${SETUPS.findIndex((s) => s.name === name)}`;
  let result: Record<string, unknown>;
  beforeAll(async () => {
    const script = scriptWithSdk('llm/anthropic-app.mjs', alias, '@anthropic-ai/sdk');
    const res = await runToEnd(script, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver().url, OTEL_SERVICE_NAME: service, FIXTURE_URL: server().url, SCENARIOS: ALL.join(','), ...env } }, 60_000);
    expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
    result = JSON.parse(res.stdout.match(/RESULT (.*)/)![1]);
    await receiver().waitFor((all) => ALL.every((n) => all.some((s) => s.resource['service.name'] === service && s.name === `botanu.run/llm-${n}`)), 15_000);
  }, 90_000);

  function one(scenario: string) {
    const sc = scenarioSpans(receiver().spans, service, scenario);
    expect(sc.genai.map((s) => `${s.scope.name} ${s.name}`)).toHaveLength(1);
    const [span] = sc.genai;
    expect(span.scope.name).toMatch(native ? /^com\.anthropic\.sdk\.typescript/ : /^@botanu\/instrumentation-anthropic$/);
    expect(span.kind).toBe(SPAN_KIND.CLIENT);
    expect(span.parentSpanId).toBe(sc.run.spanId);
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', ...RUN_CONTEXT(scenario, sc.run.attributes['botanu.run_id']) });
    const attempts = sc.http.filter((h) => h.parentSpanId === span.spanId);
    expect(attempts).toHaveLength(sc.http.length);
    return { span, attempts };
  }

  test('messages.create: input = uncached + cache reads + cache writes, thinking tokens, one HTTP span', () => {
    const { span, attempts } = one('create');
    const u = USAGE.create;
    expect(usageOf(span)).toEqual({ input: total(u), output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheWrite: u.cache_creation_input_tokens, reasoning: u.thinking_tokens });
    expect(span.attributes).toMatchObject({ 'gen_ai.response.model': MODEL, 'gen_ai.response.finish_reasons': ['end_turn'], 'botanu.request.streaming': false, 'gen_ai.usage.cache_creation.input_tokens': u.cache_creation_input_tokens });
    expect(span.attributes['gen_ai.response.id']).toMatch(/^msg_fixture_\d+$/);
    expect(span.attributes['botanu.usage.missing']).toBeUndefined();
    if (!native) expect(span.name).toBe('chat claude-sonnet-4-5');
    expect(attempts).toHaveLength(1);
    expect(span.attributes['botanu.request.attempts']).toBe(1);
    expect(result.create).toBe(u.output_tokens);
  });

  test('beta.messages.create: the same GenAI span and usage', () => {
    const { span } = one('beta');
    expect(usageOf(span).input).toBe(total(USAGE.create));
    expect(usageOf(span).cacheWrite).toBe(USAGE.create.cache_creation_input_tokens);
  });

  test('messages.create stream: usage from message_start + message_delta', () => {
    const { span } = one('create-stream');
    const u = USAGE.stream;
    expect(usageOf(span)).toEqual({ input: total(u), output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheWrite: u.cache_creation_input_tokens, reasoning: u.thinking_tokens });
    expect(span.attributes).toMatchObject({ 'botanu.request.streaming': true, 'gen_ai.response.finish_reasons': ['end_turn'] });
    expect(result['create-stream']).toBe(10); // every event reached the app (the SDK itself drops ping)
  });

  test('messages.stream() helper: one GenAI span with the streamed usage', () => {
    const { span } = one('stream-helper');
    expect(usageOf(span).output).toBe(USAGE.stream.output_tokens);
    expect(usageOf(span).input).toBe(total(USAGE.stream));
    expect(result['stream-helper']).toBe(USAGE.stream.output_tokens);
  });

  test('a stream abandoned halfway ends its span', () => {
    const { span } = one('stream-abandoned');
    expect(span.status.code).not.toBe(2);
    if (!native) expect(span.attributes).toMatchObject({ 'botanu.stream.cancelled': true, 'botanu.usage.missing': true, 'gen_ai.usage.input_tokens': total(USAGE.stream) });
    expect(result['stream-abandoned']).toBe(2);
  });

  test('a stream that errors (error event) records error.type', () => {
    const { span } = one('stream-error');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('overloaded_error');
  });

  test('an API error (400) records the provider error type; not retried', () => {
    const { span, attempts } = one('error');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('invalid_request_error');
    expect(attempts).toHaveLength(1);
    expect(result.error).toBe(400);
  });

  test.each([
    ['retry', 429],
    ['overloaded', 529],
  ])('%s: %d then success gives one GenAI span and one HTTP span per attempt', (scenario, status) => {
    const { span, attempts } = one(scenario as string);
    expect(span.status.code).not.toBe(2);
    expect(usageOf(span).input).toBe(total(USAGE.create));
    expect(attempts.map((a) => [a.attributes['http.response.status_code'], a.attributes['http.request.resend_count']]).sort()).toEqual([
      [200, 1],
      [status, undefined],
    ]);
    expect(span.attributes['botanu.request.attempts']).toBe(2);
  });
});
