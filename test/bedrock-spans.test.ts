// Amazon Bedrock Runtime, current (HTTP/2) and an older 3.x (HTTP/1.1): an app
// with no tracing code yields exactly one GenAI span per call with the exact
// usage the fixture sent, inside the run, with one HTTP client span per attempt
// under it. The aws-sdk instrumentation is active too and adds no second span.
import { runToEnd } from './helpers/app';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { appWithPackage, expectScrubbedCapture, genAiSpans, theGenAiSpan, httpChildren, localCert, runSpan, type LocalCert } from './helpers/llm2';
import { CONVERSE_USAGE, startBedrockFixture, type BedrockFixture } from '../fixtures/llm2/bedrock-server';

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
let cert: LocalCert;
let receiver: OtlpReceiver;
let fixture: BedrockFixture;
beforeAll(() => {
  cert = localCert();
});
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  fixture = await startBedrockFixture(cert);
});
afterEach(async () => {
  await fixture.stop();
  await receiver.stop();
});

async function run(mode: string, opts: { dir?: string; env?: Record<string, string> } = {}) {
  const r = await runToEnd(`${opts.dir ?? 'llm2'}/bedrock-app.mjs`, {
    args: [mode],
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      BEDROCK_ENDPOINT: fixture.url,
      NODE_EXTRA_CA_CERTS: cert.certFile,
      AWS_ACCESS_KEY_ID: 'AKIDLOCALFIXTURE',
      AWS_SECRET_ACCESS_KEY: 'local-fixture-secret',
      AWS_PROFILE: undefined,
      ...opts.env,
    },
  });
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const spans = await receiver.waitFor((s) => runSpan(s) !== undefined);
  return { out, spans, stderr: r.stderr };
}

const oneGenAiSpan = (spans: DecodedSpan[]) => theGenAiSpan(spans, 'bedrock-fixture');

function expectConverseUsage(span: DecodedSpan) {
  const u = CONVERSE_USAGE;
  expect(span.attributes).toMatchObject({
    'gen_ai.provider.name': 'aws.bedrock',
    'gen_ai.operation.name': 'chat',
    // Bedrock's inputTokens leaves out the cached parts; the GenAI input total includes them.
    'gen_ai.usage.input_tokens': u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens,
    'gen_ai.usage.output_tokens': u.outputTokens,
    'gen_ai.usage.cache_read.input_tokens': u.cacheReadInputTokens,
    'botanu.usage.cache_read_tokens': u.cacheReadInputTokens,
    'gen_ai.usage.cache_creation.input_tokens': u.cacheWriteInputTokens,
    'botanu.usage.cache_write_tokens': u.cacheWriteInputTokens,
    'gen_ai.response.finish_reasons': ['end_turn'],
  });
  expect(span.attributes['botanu.usage.missing']).toBeUndefined();
}

describe('@aws-sdk/client-bedrock-runtime 3.1163 (HTTP/2)', () => {
  test('Converse: one span with exact usage incl. cache reads/writes, one HTTP attempt under it', async () => {
    const { out, spans } = await run('plain');
    expect(out.ok).toBe(true);
    const span = oneGenAiSpan(spans);
    expect(span.name).toBe(`chat ${CLAUDE}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.model': CLAUDE,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.3,
      'botanu.request.attempts': 1,
      'server.address': '127.0.0.1',
      'server.port': fixture.port,
    });
    expectConverseUsage(span);
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    const http = httpChildren(spans, span);
    expect(http).toHaveLength(1);
    expect(http[0].attributes['network.protocol.version']).toBe('2');
    // The aws-sdk instrumentation left this call to the GenAI span: no rpc span for it.
    expect(spans.filter((s) => s.attributes['rpc.service'] === 'BedrockRuntime')).toHaveLength(0);
  });

  test('ConverseStream: usage from the event-stream metadata event; the span ends with the stream', async () => {
    const { out, spans } = await run('stream');
    expect(out).toMatchObject({ ok: true, text: 'Hello from the fixture.', events: 8 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expectConverseUsage(span);
    expect(httpChildren(spans, span)).toHaveLength(1);
  });

  test('an API error ends the span with the exception as error.type', async () => {
    const { out, spans } = await run('error');
    expect(out).toMatchObject({ ok: false, name: 'ValidationException', status: 400 });
    const span = oneGenAiSpan(spans);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('ValidationException');
    expect(span.attributes['botanu.usage.missing']).toBe(true);
  });

  test('429 then success: one GenAI span, two HTTP attempts under it, the retry numbered', async () => {
    const { out, spans } = await run('retry');
    expect(out).toMatchObject({ ok: true, attempts: 2 });
    const span = oneGenAiSpan(spans);
    expectConverseUsage(span);
    expect(span.attributes['botanu.request.attempts']).toBe(2);
    const http = httpChildren(spans, span);
    expect(http.map((h) => h.attributes['http.response.status_code'])).toEqual([429, 200]);
    expect(http.map((h) => h.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
  });

  test('with content capture on, the prompt is scrubbed and the streamed completion recorded', async () => {
    const { spans } = await run('stream', { env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' } });
    const span = oneGenAiSpan(spans);
    expectScrubbedCapture(span, 'Hello from the fixture.');
  });

  test('a stream abandoned halfway ends its span as cancelled', async () => {
    const { out, spans } = await run('abandon');
    expect(out).toMatchObject({ ok: true, events: 3 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes['botanu.stream.cancelled']).toBe(true);
  });

  test('a stream that fails midway records error.type', async () => {
    const { out, spans } = await run('stream-error');
    expect(out).toMatchObject({ ok: false, name: 'ModelStreamErrorException' });
    const span = oneGenAiSpan(spans);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('ModelStreamErrorException');
  });

  test.each([
    ['anthropic', 'chat', { in: 210 + 1500 + 300, out: 33, cacheRead: 1500, cacheWrite: 300, finish: 'end_turn', id: 'msg_bdrk_01FixtureA' }],
    ['nova', 'chat', { in: 111 + 40, out: 22, cacheRead: 40, cacheWrite: 0, finish: 'end_turn' }],
    ['titan', 'text_completion', { in: 17, out: 29, finish: 'FINISH' }],
    ['llama', 'text_completion', { in: 19, out: 31, finish: 'stop' }],
    ['titan-embed', 'embeddings', { in: 12 }],
  ])('InvokeModel, %s body: exact usage from the model family’s own fields', async (family, operation, want) => {
    const { out, spans } = await run(`invoke:${family}`);
    expect(out.ok).toBe(true);
    const span = oneGenAiSpan(spans);
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': operation, 'gen_ai.usage.input_tokens': want.in });
    if ('out' in want) expect(span.attributes['gen_ai.usage.output_tokens']).toBe(want.out);
    if ('finish' in want) expect(span.attributes['gen_ai.response.finish_reasons']).toEqual([want.finish]);
    expect(span.attributes['botanu.usage.missing']).toBeUndefined();
    if ('cacheRead' in want) expect(span.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(want.cacheRead);
    if ('cacheWrite' in want) expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(want.cacheWrite);
    if ('id' in want) expect(span.attributes['gen_ai.response.id']).toBe(want.id);
  });

  test.each([
    ['anthropic', 'chat', { in: 210 + 1500 + 300, out: 33, cacheRead: 1500, cacheWrite: 300, finish: 'end_turn', id: 'msg_bdrk_01FixtureS' }],
    ['titan', 'text_completion', { in: 17, out: 29, finish: 'FINISH' }],
  ])('InvokeModelWithResponseStream, %s: usage from the streamed body, the span ends with it', async (family, operation, want) => {
    const { out, spans } = await run(`invoke-stream:${family}`);
    expect(out.ok).toBe(true);
    const span = oneGenAiSpan(spans);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': operation,
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': want.in,
      'gen_ai.usage.output_tokens': want.out,
      'gen_ai.response.finish_reasons': [want.finish],
    });
    if ('cacheRead' in want) expect(span.attributes['botanu.usage.cache_read_tokens']).toBe(want.cacheRead);
    if ('cacheWrite' in want) expect(span.attributes['botanu.usage.cache_write_tokens']).toBe(want.cacheWrite);
    if ('id' in want) expect(span.attributes['gen_ai.response.id']).toBe(want.id);
    expect(spans.filter((s) => s.attributes['rpc.service'] === 'BedrockRuntime')).toHaveLength(0);
  });

  test('with the bedrock instrumentation disabled, the aws-sdk instrumentation’s span is the only one', async () => {
    const { spans } = await run('plain', { env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'bedrock' } });
    const llm = genAiSpans(spans);
    expect(llm).toHaveLength(1);
    expect(llm[0].scope.name).toBe('@opentelemetry/instrumentation-aws-sdk');
  });
});

describe('@aws-sdk/client-bedrock-runtime 3.621 (older 3.x, HTTP/1.1)', () => {
  let dir: string;
  beforeAll(() => {
    dir = appWithPackage('bedrock-3.621', 'aws-sdk-client-bedrock-runtime-v3-621', '@aws-sdk/client-bedrock-runtime', ['bedrock-app.mjs']);
  });

  test('Converse and ConverseStream carry the exact usage; HTTP attempts come from the http instrumentation', async () => {
    const plain = await run('retry', { dir });
    const span = oneGenAiSpan(plain.spans);
    expectConverseUsage(span);
    expect(span.attributes['botanu.request.attempts']).toBe(2);
    const http = httpChildren(plain.spans, span);
    expect(http.map((h) => h.attributes['http.response.status_code'])).toEqual([429, 200]);
    expect(http.map((h) => h.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
    expect(http[0].scope.name).toBe('@opentelemetry/instrumentation-http');
    expect(span.attributes).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': fixture.port });
    receiver.clear();
    const stream = await run('stream', { dir });
    expectConverseUsage(oneGenAiSpan(stream.spans));
  });
});
