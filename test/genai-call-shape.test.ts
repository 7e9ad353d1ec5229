// The one GenAI call shape every LLM instrumentation is built on
// (instrumentations/genai/call-shape.ts), held to its contract with a real
// tracer: the app gets exactly the value or error it would get without the
// agent, the SDK runs under the span, and the span ends exactly once, done,
// cancelled or failed, with what the instrumentation read. The end-to-end
// behaviour per SDK is in the llm-*, google-genai, vertexai and bedrock tests.
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AgentContextManager } from '../agent/run/context-manager';
import { continues, readIterator, readPromise, readStream, traceGenAiCall, type GenAiCallShape } from '../instrumentations/genai/call-shape';
import { requestAttributes } from '../instrumentations/genai/request-attributes';
import { serverOf } from '../instrumentations/genai/server-address';

const exporter = new InMemorySpanExporter();
const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('test');
context.setGlobalContextManager(new AgentContextManager().enable());
beforeEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const request = () => ({ operation: 'chat', provider: 'test', model: 'm1', streaming: false });
const unary: GenAiCallShape<{ tokens: number }> = { request, settled: (call, r) => call.usage({ inputTokens: r.tokens, outputTokens: 1 }) };

async function* chunks(n: number, failAt?: number) {
  for (let i = 1; i <= n; i++) {
    if (i === failAt) throw new Error('stream broke');
    yield { i, usage: i === n ? { inputTokens: 3, outputTokens: n } : undefined };
  }
}
const chunkReader = (call: Parameters<NonNullable<GenAiCallShape['settled']>>[0]) => {
  let usage: { inputTokens: number; outputTokens: number } | undefined;
  return { chunk: (c: { usage?: typeof usage }) => void (usage = c.usage ?? usage), done: () => call.usage(usage) };
};

test('a resolved call: the app gets the very value, the SDK ran under the span, usage recorded, one span', async () => {
  const value = { tokens: 7 };
  let active: unknown;
  const out = await traceGenAiCall(tracer, unary, () => {
    active = trace.getSpan(context.active());
    return Promise.resolve(value);
  });
  expect(out).toBe(value);
  expect(spans()).toHaveLength(1);
  const [span] = spans();
  expect(active).toBeDefined();
  expect(span.name).toBe('chat m1');
  expect(span.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 1, 'gen_ai.request.model': 'm1' });
  expect(span.attributes['botanu.usage.missing']).toBeUndefined();
});

test('a synchronous throw and a rejection reach the app unchanged; the span fails once, after `failed` read the error', async () => {
  const boom = Object.assign(new Error('bad request'), { status: 400 });
  const seen: unknown[] = [];
  const shape = { ...unary, failed: (_call: unknown, err: unknown) => void seen.push(err) };
  expect(() => traceGenAiCall(tracer, shape, () => { throw boom; })).toThrow(boom);
  await expect(traceGenAiCall(tracer, shape, () => Promise.reject(boom))).rejects.toBe(boom);
  expect(seen).toEqual([boom, boom]);
  expect(spans()).toHaveLength(2);
  for (const s of spans()) {
    expect(s.status.code).toBe(SpanStatusCode.ERROR);
    expect(s.attributes).toMatchObject({ 'error.type': '400', 'botanu.usage.missing': true });
  }
});

test('our own failures never reach the app: a request() that throws runs the call untraced, a settled() that throws still ends the span', async () => {
  let calls = 0;
  const out = await traceGenAiCall(tracer, { request: () => { throw new Error('ours'); } }, () => Promise.resolve(++calls));
  expect(out).toBe(1);
  expect(spans()).toHaveLength(0);
  expect(await traceGenAiCall(tracer, { request, settled: () => { throw new Error('ours'); } }, () => Promise.resolve('v'))).toBe('v');
  expect(spans()).toHaveLength(1);
  expect(spans()[0].attributes['botanu.usage.missing']).toBe(true);
});

test('a stream read to its end: the app gets every chunk unchanged, the span ends when the stream does, with the last usage', async () => {
  const it = await traceGenAiCall(tracer, { request, settled: (call, gen) => continues(readIterator(call, gen, chunkReader(call))) }, () => Promise.resolve(chunks(3)));
  expect(spans()).toHaveLength(0);
  const got: number[] = [];
  for await (const c of it as AsyncIterable<{ i: number }>) got.push(c.i);
  expect(got).toEqual([1, 2, 3]);
  expect(spans()).toHaveLength(1);
  expect(spans()[0].attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 3, 'gen_ai.usage.output_tokens': 3 });
  expect(spans()[0].attributes['botanu.stream.cancelled']).toBeUndefined();
});

test('a stream left early is cancelled, one that breaks fails, one that ends quietly after an abort is cancelled', async () => {
  const shape = { request, settled: (call: Parameters<NonNullable<GenAiCallShape['settled']>>[0], gen: AsyncGenerator) => continues(readIterator(call, gen, chunkReader(call))) };
  for await (const _ of (await traceGenAiCall(tracer, shape, () => Promise.resolve(chunks(3)))) as AsyncIterable<unknown>) break;
  await expect(
    (async () => {
      for await (const _ of (await traceGenAiCall(tracer, shape, () => Promise.resolve(chunks(3, 2)))) as AsyncIterable<unknown>);
    })(),
  ).rejects.toThrow('stream broke');
  const aborted = new AbortController();
  aborted.abort();
  const stream = { [Symbol.asyncIterator]: () => chunks(1) };
  const same = await traceGenAiCall(tracer, { request, settled: (call, s: typeof stream) => continues(readStream(call, s, chunkReader(call), { signal: aborted.signal })) }, () => Promise.resolve(stream));
  expect(same).toBe(stream);
  for await (const _ of same);
  const [cancelled, failed, quiet] = spans();
  expect(cancelled.attributes).toMatchObject({ 'botanu.stream.cancelled': true, 'botanu.usage.missing': true });
  expect(failed.status.code).toBe(SpanStatusCode.ERROR);
  expect(quiet.attributes['botanu.stream.cancelled']).toBe(true);
});

test('a result carrying a promise of the final response ends with that promise, which settles as the SDK’s does', async () => {
  const final = Promise.reject(new Error('late failure'));
  const result = await traceGenAiCall(tracer, { request, settled: (call, r: { response: Promise<unknown> }) => ((r.response = readPromise(call, r.response, () => undefined)), continues(r)) }, () => Promise.resolve({ response: final }));
  await expect((result as { response: Promise<unknown> }).response).rejects.toThrow('late failure');
  expect(spans()).toHaveLength(1);
  expect(spans()[0].status.code).toBe(SpanStatusCode.ERROR);
});

test('server address: one rule for every SDK (bare host, lower case, IPv6 without brackets, default ports)', () => {
  expect(serverOf('https://API.Example.com/v1')).toEqual({ serverAddress: 'api.example.com', serverPort: 443 });
  expect(serverOf('http://[::1]:8080')).toEqual({ serverAddress: '::1', serverPort: 8080 });
  expect(serverOf('http://localhost')).toEqual({ serverAddress: 'localhost', serverPort: 80 });
  expect(serverOf('us-central1-aiplatform.googleapis.com')).toEqual({ serverAddress: 'us-central1-aiplatform.googleapis.com', serverPort: 443 });
  expect(serverOf(new URL('http://127.0.0.1:11434/v1'))).toEqual({ serverAddress: '127.0.0.1', serverPort: 11434 });
  for (const bad of [undefined, null, '', 'http://', 42]) expect(serverOf(bad)).toEqual({});
});

test('request attributes: the first parameter set wins, numbers kept, arrays as their strings', () => {
  const fields = { 'gen_ai.request.max_tokens': ['max_completion_tokens', 'max_tokens'], 'gen_ai.request.temperature': 'temperature', 'gen_ai.request.stop_sequences': 'stop' };
  expect(requestAttributes({ max_completion_tokens: null, max_tokens: 64, temperature: 0.2, stop: ['\n', 3] }, fields)).toEqual({ 'gen_ai.request.max_tokens': 64, 'gen_ai.request.temperature': 0.2, 'gen_ai.request.stop_sequences': ['\n'] });
  expect(requestAttributes({ temperature: 'hot' }, fields)).toEqual({});
  expect(requestAttributes(undefined, fields)).toEqual({});
});
