// A Next.js app built and started as users do (`next build`, then `next start`
// with the preload in NODE_OPTIONS): route handlers calling the openai SDK and
// the AI SDK's generateText and streamText, all bundled into .next/server chunks
// so no module hook can see them. Each request carries botanu baggage; each LLM
// call becomes one GenAI span with the exact usage and that run_id.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { isGenAi } from './helpers/llm';
import { installSeparateApp } from './helpers/separate-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('../fixtures/llm/openai-server.cjs');

let server: { url: string; close(): Promise<void> };
let receiver: OtlpReceiver;
let app: RunningApp;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as net.AddressInfo;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  const dir = installSeparateApp('next-app', 'next', 'next-deps.json', 'npm', []);
  const next = path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
  // Built once per install (the stamp changes with the packed agent and the sources).
  const built = path.join(dir, '.next', 'BUILD_ID');
  const stamp = fs.readFileSync(path.join(dir, '.stamp'), 'utf8');
  if (!fs.existsSync(built) || fs.readFileSync(path.join(dir, '.next', '.botanu-stamp'), { encoding: 'utf8', flag: 'a+' }) !== stamp) {
    execFileSync(process.execPath, [next, 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '' } });
    fs.writeFileSync(path.join(dir, '.next', '.botanu-stamp'), stamp);
  }
  server = await fixture.start();
  receiver = await new OtlpReceiver().start();
  port = await freePort();
  app = startApp(next, {
    cwd: dir,
    preload: 'node-options',
    args: ['start', '-p', String(port), '-H', '127.0.0.1'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'next-app', OPENAI_URL: server.url, NEXT_TELEMETRY_DISABLED: '1' },
  });
  await app.waitForOutput(/Ready in|started server on|Local:/i, 30_000);
}, 300_000);

afterAll(async () => {
  app?.kill();
  await app?.exited;
  await receiver?.stop();
  await server?.close();
});

async function call(route: string, runId: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/${route}`, { headers: { baggage: `botanu.run_id=${runId},botanu.workflow=next-${route},botanu.customer_id=acme` } });
  const body = await res.text();
  expect(res.status).toBe(200);
  return body;
}

test.each([
  ['openai', '01a24000-0000-7000-8000-000000000001', fixture.USAGE.chat, false],
  ['generate', '01a24000-0000-7000-8000-000000000002', fixture.USAGE.chat, false],
  ['stream', '01a24000-0000-7000-8000-000000000003', fixture.USAGE.chatStream, true],
])('route %s: one GenAI span with the exact usage and the request\'s run', async (route, runId, usage, streaming) => {
  await call(route as string, runId as string);
  const spans = await receiver.waitFor((all) => all.some((s) => isGenAi(s) && s.attributes['botanu.run_id'] === runId), 15_000);
  await new Promise((r) => setTimeout(r, 300));
  const genai = receiver.spans.filter((s) => isGenAi(s) && s.attributes['botanu.run_id'] === runId);
  expect(spans.length).toBeGreaterThan(0);
  expect(genai.map((s) => s.scope.name)).toEqual(['@botanu/instrumentation-llm-http']);
  const u = usage as { prompt_tokens: number; completion_tokens: number };
  expect(genai[0].attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': u.prompt_tokens,
    'gen_ai.usage.output_tokens': u.completion_tokens,
    'botanu.request.streaming': streaming,
    'botanu.workflow': `next-${route}`,
    'botanu.customer_id': 'acme',
  });
});

test('the agent says the openai instrumentation never hooked (bundled) and that llm-http costs the calls', () => {
  expect(app.stdout() + app.stderr()).toMatch(/openai calls are costed at the HTTP layer \(llm-http\): the openai instrumentation is on but has hooked no module in this process \(bundled/);
});
