// A LangChain app installed with pnpm: `openai` is only a dependency of
// @langchain/openai, in pnpm's isolated store (node_modules/.pnpm), never at the
// top of node_modules. The openai instrumentation is still detected and hooks the
// module when LangChain loads it; with it disabled, the HTTP-level recogniser
// records the same calls. Either way: one GenAI span per call, exact usage, the run.
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { RUN_CONTEXT, scenarioSpans } from './helpers/llm';
import { installSeparateApp } from './helpers/separate-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
const U = fixture.USAGE;
const SCENARIOS = ['langchain-invoke', 'langchain-stream'];

let server: { url: string; close(): Promise<void> };
let receiver: OtlpReceiver;
let dir: string;

beforeAll(async () => {
  dir = installSeparateApp('wire-pnpm', 'wire', 'pnpm-deps.json', 'pnpm');
  server = await fixture.start();
  receiver = await new OtlpReceiver().start();
}, 180_000);

afterAll(async () => {
  await receiver?.stop();
  await server?.close();
});

async function run(service: string, env: Record<string, string> = {}) {
  const res = await runToEnd(path.join(dir, 'langchain-app.mjs'), { cwd: dir, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: service, OPENAI_URL: server.url, ...env } }, 60_000);
  expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
  const spans = await receiver.waitFor((all) => SCENARIOS.every((n) => all.some((s) => s.resource['service.name'] === service && s.name === `botanu.run/llm-${n}`)), 15_000);
  await new Promise((r) => setTimeout(r, 200));
  return { res, spans: receiver.spans as DecodedSpan[] };
}

function expectOneCall(spans: DecodedSpan[], service: string, scenario: string, layer: string, u: { prompt_tokens: number; completion_tokens: number }) {
  const sc = scenarioSpans(spans, service, scenario);
  expect(sc.genai.map((s) => s.scope.name)).toEqual([layer]);
  expect(sc.genai[0].attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': u.prompt_tokens,
    'gen_ai.usage.output_tokens': u.completion_tokens,
    ...RUN_CONTEXT(scenario, sc.run.attributes['botanu.run_id']),
  });
}

test('openai is not at the top of node_modules, yet it is detected, hooked, and each call is one GenAI span', async () => {
  const { res, spans } = await run('pnpm-langchain');
  expect(res.stdout + res.stderr).toMatch(/instrumenting [^\n]*\bopenai 7\.\d+\.\d+/);
  expectOneCall(spans, 'pnpm-langchain', 'langchain-invoke', '@botanu/instrumentation-openai', U.chat);
  expectOneCall(spans, 'pnpm-langchain', 'langchain-stream', '@botanu/instrumentation-openai', U.chatStream);
});

test('with the openai instrumentation off, the HTTP-level recogniser records the same calls, once', async () => {
  const { spans } = await run('pnpm-langchain-wire', { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'openai' });
  expectOneCall(spans, 'pnpm-langchain-wire', 'langchain-invoke', '@botanu/instrumentation-llm-http', U.chat);
  expectOneCall(spans, 'pnpm-langchain-wire', 'langchain-stream', '@botanu/instrumentation-llm-http', U.chatStream);
});
