// The same kind of app as a bundler ships it (Next.js server chunks, esbuild,
// webpack): bundled into one file by the test, so no module named `openai`,
// `ai` or `@ai-sdk/openai` is ever loaded and no module hook can see them.
// Scenarios as runs against OPENAI_URL; prints RESULT <json>.
import OpenAI from 'openai';
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { runScenarios } from './scenarios.mjs';

const key = `${process.pid}-${Date.now()}`;
const baseURL = `${process.env.OPENAI_URL}/s/ok/${key}/v1`;
const apiKey = 'sk-fixture-not-a-real-key';

await runScenarios({
  'bundled-openai-sdk': async () => (await new OpenAI({ apiKey, baseURL }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).usage.prompt_tokens,
  'bundled-ai-generate': async () => (await generateText({ model: createOpenAI({ apiKey, baseURL }).chat('gpt-4o-mini'), prompt: 'Say hello.' })).usage.inputTokens,
  'bundled-ai-stream': async () => {
    const r = streamText({ model: createOpenAI({ apiKey, baseURL }).chat('gpt-4o-mini'), prompt: 'Say hello.' });
    for await (const _ of r.textStream);
    return (await r.usage).inputTokens;
  },
});
