// @mistralai/mistralai, whose own GenAI tracing is off unless MISTRAL_SDK_TELEMETRY
// is set: its calls (fetch to /v1/chat/completions) are costed by llm-http, one
// GenAI span each with the exact usage and the run. Installed on its own with
// pnpm (its optional peers pin OpenTelemetry 2.x, which npm refuses next to the
// agent's 3.x).
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { RUN_CONTEXT, scenarioSpans } from './helpers/llm';
import { installSeparateApp } from './helpers/separate-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const more = require('../fixtures/wire/more-server.cjs');
const SCENARIOS = ['mistral-chat', 'mistral-stream'];

let server: { url: string; close(): Promise<void> };
let moreServer: { url: string; close(): Promise<void> };
let receiver: OtlpReceiver;
let result: Record<string, unknown>;

beforeAll(async () => {
  const dir = installSeparateApp('wire-mistral', 'wire', 'mistral-deps.json', 'pnpm');
  server = await fixture.start();
  moreServer = await more.start();
  receiver = await new OtlpReceiver().start();
  const res = await runToEnd(path.join(dir, 'mistral-app.mjs'), { cwd: dir, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'mistral-app', OPENAI_URL: server.url, MORE_URL: moreServer.url } }, 60_000);
  expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
  result = JSON.parse(res.stdout.match(/RESULT (.*)/)![1]);
  await receiver.waitFor((all) => SCENARIOS.every((n) => all.some((s) => s.name === `botanu.run/llm-${n}`)), 15_000);
  await new Promise((r) => setTimeout(r, 200));
}, 180_000);

afterAll(async () => {
  await receiver?.stop();
  await server?.close();
  await moreServer?.close();
});

test('chat.complete: one GenAI span, exact usage, the run', () => {
  expect(result['mistral-chat']).toBe(fixture.USAGE.chat.prompt_tokens);
  const sc = scenarioSpans(receiver.spans, 'mistral-app', 'mistral-chat');
  expect(sc.genai.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  expect(sc.genai[0].attributes).toMatchObject({
    'gen_ai.request.model': 'mistral-small-latest',
    'gen_ai.usage.input_tokens': fixture.USAGE.chat.prompt_tokens,
    'gen_ai.usage.output_tokens': fixture.USAGE.chat.completion_tokens,
    ...RUN_CONTEXT('mistral-chat', sc.run.attributes['botanu.run_id']),
  });
});

test('chat.stream: one GenAI span ended with the stream, usage from the last chunk', () => {
  expect(typeof result['mistral-stream']).toBe('number');
  const sc = scenarioSpans(receiver.spans, 'mistral-app', 'mistral-stream');
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
