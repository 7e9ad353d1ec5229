// @google-cloud/vertexai 1.x and 0.x: an app with no tracing code yields one
// GenAI span per call with the exact usage the fixture sent (the SDK only
// speaks https: the fixture serves a local certificate the app trusts through
// NODE_EXTRA_CA_CERTS; its token comes from googleAuthOptions.authClient).
import { runToEnd } from './helpers/app';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { appWithPackage, expectScrubbedCapture, genAiSpans, theGenAiSpan, httpChildren, localCert, runSpan, type LocalCert } from './helpers/llm2';
import { GEMINI_MODEL_VERSION, GEMINI_RESPONSE_ID, GEMINI_USAGE, startGeminiFixture, type GeminiFixture } from '../fixtures/llm2/gemini-server';

let cert: LocalCert;
let receiver: OtlpReceiver;
let fixture: GeminiFixture;
beforeAll(() => {
  cert = localCert();
});
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  fixture = await startGeminiFixture({ vertex: true, tls: cert });
});
afterEach(async () => {
  await fixture.stop();
  await receiver.stop();
});

async function run(mode: string, dir = 'llm2', env: Record<string, string> = {}) {
  const r = await runToEnd(`${dir}/vertexai-app.mjs`, {
    args: [mode],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, VERTEX_API_ENDPOINT: `127.0.0.1:${fixture.port}`, NODE_EXTRA_CA_CERTS: cert.certFile, ...env },
  });
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const spans = await receiver.waitFor((s) => runSpan(s) !== undefined);
  return { out, spans };
}

const oneGenAiSpan = (spans: DecodedSpan[]) => theGenAiSpan(spans, 'vertexai-fixture');

/** The SDK's aggregated stream response drops responseId and modelVersion: `ids` only for unary calls. */
function expectExactUsage(span: DecodedSpan, ids = true) {
  const u = GEMINI_USAGE;
  if (ids) expect(span.attributes).toMatchObject({ 'gen_ai.response.id': GEMINI_RESPONSE_ID, 'gen_ai.response.model': GEMINI_MODEL_VERSION });
  expect(span.attributes).toMatchObject({
    'gen_ai.usage.input_tokens': u.promptTokenCount,
    'gen_ai.usage.output_tokens': u.candidatesTokenCount + u.thoughtsTokenCount,
    'gen_ai.usage.cache_read.input_tokens': u.cachedContentTokenCount,
    'botanu.usage.reasoning_tokens': u.thoughtsTokenCount,
    'gen_ai.response.finish_reasons': ['STOP'],
  });
}

describe('@google-cloud/vertexai 1.12', () => {
  test('generateContent: one span with exact usage, one HTTP attempt under it', async () => {
    const { out, spans } = await run('plain');
    expect(out.ok).toBe(true);
    const span = oneGenAiSpan(spans);
    expect(span.name).toBe('generate_content gemini-pro');
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'generate_content', 'gen_ai.request.temperature': 0.2, 'server.address': '127.0.0.1', 'server.port': fixture.port, 'botanu.request.attempts': 1 });
    expectExactUsage(span);
    expect(httpChildren(spans, span)).toHaveLength(1);
    // The token the app's authClient holds is what the SDK sent.
    expect(fixture.requests[0].headers.authorization).toBe('Bearer fixture-access-token');
  });

  test('generateContentStream: usage from the final SSE chunk', async () => {
    const { out, spans } = await run('stream');
    expect(out).toMatchObject({ ok: true, chunks: 5 });
    const span = oneGenAiSpan(spans);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expectExactUsage(span, false);
  });

  test('with content capture on, the prompt is scrubbed and the completion recorded', async () => {
    const { spans } = await run('plain', 'llm2', { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    const span = oneGenAiSpan(spans);
    expectScrubbedCapture(span, 'Hello from the fixture.');
  });

  test('chat sendMessage is traced too', async () => {
    const { out, spans } = await run('chat');
    expect(out.ok).toBe(true);
    expectExactUsage(oneGenAiSpan(spans));
  });

  test('an API error ends the span with error.type', async () => {
    const { out, spans } = await run('error');
    expect(out).toMatchObject({ ok: false, name: 'ClientError' });
    const span = oneGenAiSpan(spans);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('ClientError');
    expect(span.attributes['botanu.usage.missing']).toBe(true);
    expect(httpChildren(spans, span).map((h) => h.attributes['http.response.status_code'])).toEqual([400]);
  });

  test('429: the SDK does not retry, so the app\'s retry is a second call with its own span and usage', async () => {
    const { out, spans } = await run('ratelimit');
    expect(out).toMatchObject({ ok: true, retriedByApp: true });
    const llm = genAiSpans(spans).sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(llm).toHaveLength(2);
    expect(llm[0].attributes['error.type']).toBe('ClientError');
    expect(llm[0].attributes['botanu.usage.missing']).toBe(true);
    expect(httpChildren(spans, llm[0]).map((h) => h.attributes['http.response.status_code'])).toEqual([429]);
    expectExactUsage(llm[1]);
    expect(httpChildren(spans, llm[1]).map((h) => h.attributes['http.response.status_code'])).toEqual([200]);
  });

  test('a stream left halfway still ends its span, with the usage of the whole response', async () => {
    const { out, spans } = await run('abandon');
    expect(out).toMatchObject({ ok: true, chunks: 2 });
    expectExactUsage(oneGenAiSpan(spans), false);
  });

  test('a stream whose connection drops records error.type', async () => {
    const { out, spans } = await run('stream-error');
    // fetch reports the dropped body as TypeError('terminated').
    expect(out).toMatchObject({ ok: false, name: 'TypeError', error: 'terminated' });
    const span = oneGenAiSpan(spans);
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('TypeError');
  });
});

describe('@google-cloud/vertexai 0.5 (previous major)', () => {
  test('generateContent and generateContentStream carry the exact usage', async () => {
    const dir = appWithPackage('vertexai-0.5', 'google-cloud-vertexai-v0', '@google-cloud/vertexai', ['vertexai-app.mjs']);
    const plain = await run('plain', dir);
    expectExactUsage(oneGenAiSpan(plain.spans));
    receiver.clear();
    const stream = await run('stream', dir);
    expectExactUsage(oneGenAiSpan(stream.spans), false);
  });
});
