// The Vercel AI SDK 6 (its OpenTelemetry telemetry built in, off unless a call
// sets experimental_telemetry): generateText and streamText with telemetry off
// and on, against the OpenAI-format fixture at OPENAI_URL. Prints RESULT <json>.
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { runScenarios } from './scenarios.mjs';

const key = `${process.pid}-${Date.now()}`;
const model = () => createOpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.OPENAI_URL}/s/ok/${key}/v1` }).chat('gpt-4o-mini');
const stream = async (telemetry) => {
  const r = streamText({ model: model(), prompt: 'Say hello.', ...(telemetry ? { experimental_telemetry: { isEnabled: true } } : {}) });
  for await (const _ of r.textStream);
  return (await r.usage).inputTokens;
};

await runScenarios({
  'ai6-chat': async () => (await generateText({ model: model(), prompt: 'Say hello.' })).usage.inputTokens,
  'ai6-chat-stream': () => stream(false),
  'ai6-telemetry': async () => (await generateText({ model: model(), prompt: 'Say hello.', experimental_telemetry: { isEnabled: true } })).usage.inputTokens,
  'ai6-telemetry-stream': () => stream(true),
});
