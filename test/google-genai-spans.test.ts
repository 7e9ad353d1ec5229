// @google/genai, Gemini API and Vertex AI modes, current and previous major: an
// app with no tracing code yields one GenAI span per call with the exact usage
// the fixture sent, inside the run, with its HTTP attempts under it.
import { runToEnd } from './helpers/app';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { appWithPackage, expectScrubbedCapture, genAiSpans, theGenAiSpan, httpChildren, notCoveredLines, runSpan } from './helpers/llm2';
import { EMBED_TOKENS, GEMINI_MODEL_VERSION, GEMINI_RESPONSE_ID, GEMINI_USAGE, startGeminiFixture, type GeminiFixture } from '../fixtures/llm2/gemini-server';

let receiver: OtlpReceiver;
let fixture: GeminiFixture;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  fixture = await startGeminiFixture();
});
afterEach(async () => {
  await fixture.stop();
  await receiver.stop();
});

async function run(mode: string, opts: { vertex?: boolean; dir?: string; env?: Record<string, string> } = {}) {
  const r = await runToEnd(`${opts.dir ?? 'llm2'}/genai-app.mjs`, {
    args: [mode],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, GEMINI_BASE_URL: fixture.url, GENAI_VERTEX: opts.vertex ? '1' : undefined, ...opts.env },
  });
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const spans = await receiver.waitFor((s) => runSpan(s) !== undefined);
  return { out, spans, stderr: r.stderr };
}

const oneGenAiSpan = (spans: DecodedSpan[]) => theGenAiSpan(spans, 'genai-fixture');

function expectExactUsage(span: DecodedSpan) {
  const u = GEMINI_USAGE;
  expect(span.attributes).toMatchObject({
    'gen_ai.usage.input_tokens': u.promptTokenCount,
    'gen_ai.usage.output_tokens': u.candidatesTokenCount + u.thoughtsTokenCount,
    'gen_ai.usage.cache_read.input_tokens': u.cachedContentTokenCount,
    'botanu.usage.cache_read_tokens': u.cachedContentTokenCount,
    'gen_ai.usage.reasoning.output_tokens': u.thoughtsTokenCount,
    'botanu.usage.reasoning_tokens': u.thoughtsTokenCount,
    'gen_ai.response.id': GEMINI_RESPONSE_ID,
    'gen_ai.response.model': GEMINI_MODEL_VERSION,
    'gen_ai.response.finish_reasons': ['STOP'],
  });
  expect(span.attributes['botanu.usage.missing']).toBeUndefined();
}

describe.each([
  ['Gemini API', false, 'gcp.gemini'],
  ['Vertex AI', true, 'gcp.vertex_ai'],
])('@google/genai 3.x, %s mode', (_label, vertex, provider) => {
  test('generateContent: one span with exact usage, one HTTP span under it', async () => {
    const { out, spans } = await run('plain', { vertex });
    expect(out.ok).toBe(true);
    const span = oneGenAiSpan(spans);
    expect(span.name).toBe('generate_content gemini-flash');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': provider,
      'gen_ai.request.model': 'gemini-flash',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      'server.address': '127.0.0.1',
      'server.port': fixture.port,
    });
    expectExactUsage(span);
    expect(span.attributes['botanu.request.attempts']).toBe(1);
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
    const [http] = httpChildren(spans, span);
    expect(http.attributes['http.request.resend_count']).toBeUndefined();
    expect(httpChildren(spans, span)).toHaveLength(1);
  });

  test('generateContentStream: usage from the final SSE chunk, span ends with the stream', async () => {
    const { out, spans } = await run('stream', { vertex });
    expect(out).toMatchObject({ ok: true, text: 'Hello from the fixture.', chunks: 5 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expectExactUsage(span);
    expect(httpChildren(spans, span)).toHaveLength(1);
  });

  test('an API error ends the span with error.type and no usage', async () => {
    const { out, spans } = await run('error', { vertex });
    expect(out).toMatchObject({ ok: false, status: 400 });
    const span = oneGenAiSpan(spans);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('400');
    expect(span.attributes['botanu.usage.missing']).toBe(true);
  });

  test('429 then success: one GenAI span with the usage, two HTTP attempts under it', async () => {
    const { out, spans } = await run('retry', { vertex });
    expect(out.ok).toBe(true);
    const span = oneGenAiSpan(spans);
    expectExactUsage(span);
    expect(span.attributes['botanu.request.attempts']).toBe(2);
    const attempts = httpChildren(spans, span);
    expect(attempts.map((a) => a.attributes['http.response.status_code'])).toEqual([429, 200]);
    expect(attempts.map((a) => a.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
    expect(fixture.requests).toHaveLength(2);
  });
});

describe('@google/genai 3.x, Gemini API mode', () => {
  test('a stream abandoned halfway ends its span as cancelled', async () => {
    const { out, spans } = await run('abandon');
    expect(out).toMatchObject({ ok: true, chunks: 2 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes['botanu.stream.cancelled']).toBe(true);
    expect(span.endTimeUnixNano).toBeGreaterThan(0n);
  });

  test('a stream that fails midway records error.type', async () => {
    const { out, spans } = await run('stream-error');
    expect(out).toMatchObject({ ok: false, status: 500 });
    const span = oneGenAiSpan(spans);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('500');
  });

  test('with content capture on, the prompt is scrubbed and the streamed completion recorded', async () => {
    const { spans } = await run('stream', { env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' } });
    const span = oneGenAiSpan(spans);
    expectScrubbedCapture(span, 'Hello from the fixture.');
  });

  test('chats.sendMessage goes through generateContent: one span with the exact usage', async () => {
    const { out, spans } = await run('chat');
    expect(out).toMatchObject({ ok: true, text: 'Hello from the fixture.' });
    expectExactUsage(oneGenAiSpan(spans));
  });

  test('embedContent: an embeddings span; the Gemini API reports no usage, so it is marked missing', async () => {
    const { out, spans } = await run('embed');
    expect(out).toMatchObject({ ok: true, embeddings: 2 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-004', 'botanu.usage.missing': true });
  });

  test('embedContent in Vertex AI mode: input tokens from the predict statistics', async () => {
    const { out, spans } = await run('embed', { vertex: true });
    expect(out).toMatchObject({ ok: true, embeddings: 2 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'gcp.vertex_ai', 'gen_ai.usage.input_tokens': EMBED_TOKENS[0] + EMBED_TOKENS[1] });
  });
});

describe.each([
  ['2.x (previous major)', 'google-genai-v2'],
  ['1.x (the version @google-cloud/vertexai 1.x pulls in)', 'google-genai-v1'],
])('@google/genai %s', (_label, alias) => {
  let dir: string;
  beforeAll(() => {
    dir = appWithPackage(alias, alias, '@google/genai', ['genai-app.mjs']);
  });

  test('generateContent and generateContentStream carry the exact usage', async () => {
    const plain = await run('plain', { dir });
    expectExactUsage(oneGenAiSpan(plain.spans));
    receiver.clear();
    const stream = await run('stream', { dir, vertex: true });
    const span = oneGenAiSpan(stream.spans);
    expect(span.attributes['gen_ai.provider.name']).toBe('gcp.vertex_ai');
    expectExactUsage(span);
  });
});

describe('@google/genai 0.x (outside the covered range)', () => {
  test('the app runs untouched and the agent says once, at startup, that it is not covered; its call is costed at the HTTP layer', async () => {
    const dir = appWithPackage('google-genai-v0', 'google-genai-v0', '@google/genai', ['genai-app.mjs']);
    const { out, spans, stderr } = await run('plain', { dir });
    expect(out.ok).toBe(true);
    // No SDK-level span; its fetch to :generateContent is recognised by llm-http instead, usage exact.
    expect(genAiSpans(spans).map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
    expect(genAiSpans(spans)[0].attributes).toMatchObject({ 'gen_ai.provider.name': 'gcp.gemini', 'gen_ai.request.model': 'gemini-flash', 'gen_ai.usage.input_tokens': 1234, 'gen_ai.usage.output_tokens': 134 });
    const lines = notCoveredLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/@google\/genai 0\.15\.0 is installed but not covered: the google-genai instrumentation covers >=1.0.0 <4/);
  });
});
