// A bundled app (as Next.js, esbuild or webpack ship server code): openai, ai
// and @ai-sdk/openai are inside one bundle file, so no module hook ever sees
// them. Their calls are still costed, by the HTTP-level recogniser: one GenAI
// span per call with the exact usage and the run.
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { RUN_CONTEXT, scenarioSpans } from './helpers/llm';
import { installSeparateApp } from './helpers/separate-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
const SCENARIOS = ['bundled-openai-sdk', 'bundled-ai-generate', 'bundled-ai-stream'];
const SERVICE = 'bundled-app';

let server: { url: string; close(): Promise<void> };
let receiver: OtlpReceiver;
let output: string;

beforeAll(async () => {
  const dir = installSeparateApp('wire-app', 'wire', 'app-deps.json');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('esbuild').buildSync({
    entryPoints: [path.join(dir, 'bundled-app.mjs')],
    outfile: path.join(dir, 'bundle.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['@botanu/agent'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  server = await fixture.start();
  receiver = await new OtlpReceiver().start();
  const res = await runToEnd(path.join(dir, 'bundle.mjs'), { cwd: dir, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: SERVICE, OPENAI_URL: server.url } }, 60_000);
  expect({ code: res.code, stderr: res.stderr.split('\n').filter((l) => /error|warn/i.test(l)) }).toEqual({ code: 0, stderr: [] });
  output = res.stdout + res.stderr;
  await receiver.waitFor((all) => SCENARIOS.every((n) => all.some((s) => s.name === `botanu.run/llm-${n}`)), 15_000);
  await new Promise((r) => setTimeout(r, 200));
}, 180_000);

afterAll(async () => {
  await receiver?.stop();
  await server?.close();
});

test.each([
  ['bundled-openai-sdk', fixture.USAGE.chat, false],
  ['bundled-ai-generate', fixture.USAGE.chat, false],
  ['bundled-ai-stream', fixture.USAGE.chatStream, true],
])('%s: one GenAI span recorded at the HTTP layer, exact usage, the run', (scenario, u, streaming) => {
  const sc = scenarioSpans(receiver.spans, SERVICE, scenario as string);
  expect(sc.genai.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  expect(sc.genai[0].attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': fixture.MODEL.chat,
    'gen_ai.usage.input_tokens': (u as { prompt_tokens: number }).prompt_tokens,
    'gen_ai.usage.output_tokens': (u as { completion_tokens: number }).completion_tokens,
    'botanu.request.streaming': streaming,
    ...RUN_CONTEXT(scenario as string, sc.run.attributes['botanu.run_id']),
  });
});

test('the agent says, once, that openai was armed but never hooked and its calls are costed at the HTTP layer', () => {
  const notices = output.split('\n').filter((l) => /calls are costed at the HTTP layer/.test(l));
  expect(notices).toEqual([expect.stringMatching(/openai calls are costed at the HTTP layer \(llm-http\): the openai instrumentation is on but has hooked no module in this process/)]);
});
