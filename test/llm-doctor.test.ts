// `doctor` on an app whose LLM calls go through frameworks and SDKs with no
// instrumentation of their own (the AI SDK, groq-sdk, LangChain…): they are
// listed as costed at the HTTP layer, not as uncovered; in a Next.js build the
// LLM SDKs are flagged as bundled (then costed by llm-http, not their hook).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv } from './helpers/app';
import { installSeparateApp } from './helpers/separate-app';

function doctor(dir: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const bin = path.join(dir, 'node_modules', '.bin', 'botanu-agent');
    const proc = spawn(process.execPath, [bin, 'doctor', '--timeout', '1000'], { cwd: dir, env: cleanEnv({ OTEL_TRACES_EXPORTER: 'none', ...env }) });
    let stdout = '';
    proc.stdout.on('data', (c) => (stdout += c));
    proc.on('exit', (code) => resolve({ code, stdout }));
  });
}

let dir: string;
beforeAll(() => {
  dir = installSeparateApp('wire-app', 'wire', 'app-deps.json');
}, 180_000);

test('AI SDK, groq-sdk, cohere-ai, LangChain, the Agents SDK: costed at the HTTP layer, not "uncovered"', async () => {
  const { stdout } = await doctor(dir);
  for (const lib of ['ai', '@ai-sdk/openai', '@ai-sdk/anthropic', 'groq-sdk', 'cohere-ai', '@langchain/openai', '@openai/agents']) {
    expect(stdout).toMatch(new RegExp(`✓ ${lib.replace(/[/.]/g, '\\$&')} \\d+\\.\\d+\\.\\d+ +covered by botanu \\(instrumentations/llm-http\\)`));
  }
  expect(stdout).toMatch(/✓ openai 7\.57\.0 +covered by botanu \(instrumentations\/openai\) \(>=4\.0\.0 <8\)\n/);
  const uncovered = stdout.match(/no dedicated instrumentation[^\n]*/)?.[0] ?? '';
  expect(uncovered).not.toMatch(/\bai\b|groq|cohere|langchain|agents/);
  const off = await doctor(dir, { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'llm-http' });
  expect(off.stdout).toMatch(/- groq-sdk \d+\.\d+\.\d+ +not instrumented: turned off/);
});

test('a Next.js build: the LLM SDKs are flagged as bundled, costed by llm-http', async () => {
  fs.mkdirSync(path.join(dir, '.next', 'server'), { recursive: true });
  try {
    const { stdout } = await doctor(dir);
    expect(stdout).toMatch(/✓ openai 7\.57\.0 +covered by [^\n]*Next bundles it into \.next\/server[^\n]*costed at the HTTP layer \(llm-http\)/);
  } finally {
    fs.rmSync(path.join(dir, '.next'), { recursive: true, force: true });
  }
});
