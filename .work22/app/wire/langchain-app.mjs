// A LangChain app whose only LLM dependency is @langchain/openai (openai comes
// in as its dependency, never a direct one): installed with pnpm, `openai` is
// not at the top of node_modules. Scenarios as runs against OPENAI_URL.
import { ChatOpenAI } from '@langchain/openai';
import { runScenarios } from './scenarios.mjs';

const key = `${process.pid}-${Date.now()}`;
const chat = (extra = {}) => new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-fixture-not-a-real-key', configuration: { baseURL: `${process.env.OPENAI_URL}/s/ok/${key}/v1` }, ...extra });

await runScenarios({
  'langchain-invoke': async () => (await chat().invoke('Say hello.')).usage_metadata,
  'langchain-stream': async () => {
    let n = 0;
    for await (const _ of await chat({ streamUsage: true }).stream('Say hello.')) n++;
    return n;
  },
});
