// A bundled app (as Next.js, esbuild or webpack ship server code): openai, ai
// and @ai-sdk/openai are inside one bundle file, so no module hook ever sees
// them. Their calls are still costed, by the HTTP-level recogniser: one GenAI
// span per call with the exact usage and the run.
import * as path from 'node:path';
import { RUN_CONTEXT, scenarioSpans } from './helpers/llm';
import { useScenarioApp } from './helpers/scenario-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');
const SCENARIOS = ['bundled-openai-sdk', 'bundled-ai-generate', 'bundled-ai-stream'];
const SERVICE = 'bundled-app';

const app = useScenarioApp({
  name: 'wire-app',
  deps: 'app-deps.json',
  script: 'bundle.mjs',
  service: SERVICE,
  scenarios: SCENARIOS,
  fixtures: { OPENAI_URL: fixture },
  prepare(dir) {
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
  },
});

test.each([
  ['bundled-openai-sdk', fixture.USAGE.chat, false],
  ['bundled-ai-generate', fixture.USAGE.chat, false],
  ['bundled-ai-stream', fixture.USAGE.chatStream, true],
])('%s: one GenAI span recorded at the HTTP layer, exact usage, the run', (scenario, u, streaming) => {
  const sc = scenarioSpans(app.spans(), SERVICE, scenario as string);
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
  const notices = `${app.output().stdout}${app.output().stderr}`.split('\n').filter((l) => /calls are costed at the HTTP layer/.test(l));
  expect(notices).toEqual([expect.stringMatching(/openai calls are costed at the HTTP layer \(llm-http\): the openai instrumentation is on but has hooked no module in this process/)]);
});
