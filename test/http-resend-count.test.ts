// Every HTTP attempt is its own CLIENT span under the same parent, carrying the
// run context; re-sent requests carry http.request.resend_count (1, 2, ...),
// first attempts and deliberate repeats do not. Real retry libraries, a real
// flaky server, the packed agent preloaded, assertions on the OTLP receiver.
import type { RunningApp } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { resendCounts, runScenarios, startFlakyServer, statuses, type ScenarioSpans } from './helpers/retry-scenarios';

let receiver: OtlpReceiver;
let flaky: { app: RunningApp; url: string };
// One fixture process serves both SDK cases.
let llmRuns: ReturnType<typeof runScenarios> | undefined;

beforeAll(async () => {
  [receiver, flaky] = await Promise.all([new OtlpReceiver().start(), startFlakyServer()]);
});
afterAll(async () => {
  flaky?.app.kill();
  await Promise.all([receiver?.stop(), flaky?.app.exited]);
});

/** N attempts → N client spans under the run span, all with the run's id, numbered absent, 1, ..., N-1. */
function expectRetried(s: ScenarioSpans, failures: (number | string)[]) {
  expect(s.error).toBeUndefined();
  expect(s.strays).toEqual([]);
  expect(statuses(s)).toEqual([...failures, 200]);
  expect(resendCounts(s)).toEqual([undefined, ...failures.map((_, i) => i + 1)]);
  const urls = new Set(s.attempts.map((a) => a.attributes['url.full']));
  expect(urls.size).toBe(1);
  for (const a of s.attempts) {
    expect(a.attributes['botanu.run_id']).toBe(s.runId);
    expect(a.attributes['botanu.workflow']).toBe(s.run.attributes['botanu.workflow']);
    expect(a.traceId).toBe(s.run.traceId);
  }
}

test('undici RetryAgent and retry interceptor: one span per attempt, numbered, in the right run on a shared keep-alive pool', async () => {
  const r = await runScenarios('retry/undici-retry-agent.mjs', receiver, flaky.url, 'undici');
  // The warm-up run opened the pooled socket the later runs' retries reuse: none of their attempts may land in it.
  expect(r['warm-up'].attempts.map((a) => a.attributes['url.path'])).toEqual(['/ok/undici-warm']);
  expect(resendCounts(r['warm-up'])).toEqual([undefined]);
  expectRetried(r['status-503'], [503, 503]);
  expectRetried(r['reset'], ['UND_ERR_SOCKET', 'UND_ERR_SOCKET']);
  expectRetried(r['interceptor-429'], [429, 429]);
});

test('got built-in retry: 429 with retry-after and connection resets', async () => {
  const r = await runScenarios('retry/got-retry.mjs', receiver, flaky.url, 'got');
  expectRetried(r['status-429'], [429, 429]);
  expect(statuses(r['reset']).slice(-1)).toEqual([200]);
  expectRetried(r['reset'], statuses(r['reset']).slice(0, -1) as string[]);
  expect(r['reset'].attempts).toHaveLength(3);
});

test('axios-retry (CommonJS app): 503s and connection resets', async () => {
  const r = await runScenarios('retry/axios-retry.cjs', receiver, flaky.url, 'axios');
  expectRetried(r['status-503'], [503, 503]);
  expect(r['reset'].attempts).toHaveLength(3);
  expectRetried(r['reset'], statuses(r['reset']).slice(0, -1) as string[]);
});

test('p-retry around global fetch: 503s and connection resets', async () => {
  const r = await runScenarios('retry/p-retry-fetch.mjs', receiver, flaky.url, 'p-retry');
  expectRetried(r['status-503'], [503, 503]);
  expectRetried(r['reset'], ['UND_ERR_SOCKET', 'UND_ERR_SOCKET']);
});

test('repeats that are not retries get no resend_count: successful polling, another URL, concurrent twins; a hand-written retry loop does', async () => {
  const r = await runScenarios('retry/repeats.mjs', receiver, flaky.url, 'repeats');
  expect(statuses(r.polling)).toEqual([200, 200]);
  expect(resendCounts(r.polling)).toEqual([undefined, undefined]);
  expect(statuses(r['other-url'])).toEqual([503, 200]);
  expect(resendCounts(r['other-url'])).toEqual([undefined, undefined]);
  expect(statuses(r.concurrent)).toEqual([200, 200]);
  expect(resendCounts(r.concurrent)).toEqual([undefined, undefined]);
  expectRetried(r['hand-loop'], [503, 503]);
});

test('SDK attempt headers decide: x-stainless-retry-count over fetch, amz-sdk-request over node:http', async () => {
  const r = await runScenarios('retry/sdk-markers.mjs', receiver, flaky.url, 'sdk');
  // Call 1: try + 1 retry, both 529. Call 2 is a new SDK call (header 0) although the URL just failed, then its retry succeeds.
  expect(r.stainless.body).toEqual([
    [529, 529],
    [529, 200],
  ]);
  expect(statuses(r.stainless)).toEqual([529, 529, 529, 200]);
  expect(resendCounts(r.stainless)).toEqual([undefined, 1, undefined, 1]);
  expectRetried(r.aws, [503]);
});

test.each([
  ['openai', 503],
  ['anthropic', 529],
])('%s SDK internal retries: each attempt a span under the GenAI span, numbered by x-stainless-retry-count, counted in botanu.request.attempts', async (sdk, status) => {
  llmRuns ??= runScenarios('retry/llm-sdk-retries.mjs', receiver, flaky.url, 'llm');
  const s = (await llmRuns)[sdk];
  expect(s.error).toBeUndefined();
  expect(s.body).toBe(3);
  const llm = s.all.filter((x) => typeof x.attributes['gen_ai.operation.name'] === 'string');
  expect(llm).toHaveLength(1);
  expect(llm[0].parentSpanId).toBe(s.run.spanId);
  const attempts = s.all.filter((x) => x.parentSpanId === llm[0].spanId).sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  expect(attempts.map((a) => [a.attributes['http.response.status_code'], a.attributes['http.request.resend_count']])).toEqual([
    [status, undefined],
    [status, 1],
    [200, 2],
  ]);
  expect(llm[0].attributes['botanu.request.attempts']).toBe(3);
});
