// The command `botanu-agent dev -- node cost/runs.mjs` runs in the cost tests, as an
// app's integration tests would: five runs of three workflows for three customers, each
// calling real SDKs (openai, @anthropic-ai/sdk, @google/genai) against the local stand-in. The agent
// comes from NODE_OPTIONS, set by dev. Prints `RUN <n> <workflow> <customer> <run id>`.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { botanuWorkflow, getRunId } from '@botanu/agent';
import { startStub } from './llm-stub.mjs';

export const RUNS = [
  { workflow: 'support-ticket', customer: 'acme', models: ['gpt-4o-mini'] },
  { workflow: 'support-ticket', customer: 'globex', models: ['gpt-4o-mini', 'gpt-4o-mini'] },
  { workflow: 'research', customer: 'acme', models: ['o3-mini', 'acme-internal-7b'] },
  { workflow: 'research', customer: 'globex', models: ['claude-3-5-haiku-20241022'] },
  { workflow: 'long-context', customer: 'initech', models: ['gemini-2.5-pro'] },
];

const stub = await startStub();
const openai = new OpenAI({ apiKey: 'sk-test-not-a-real-key', baseURL: `${stub.url}/v1`, maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: 'sk-ant-test-not-a-real-key', baseURL: stub.url, maxRetries: 0 });
const gemini = new GoogleGenAI({ apiKey: 'test-not-a-real-key', httpOptions: { baseUrl: stub.url } });

async function ask(model) {
  const messages = [{ role: 'user', content: 'Summarize the ticket.' }];
  if (model.startsWith('claude')) await anthropic.messages.create({ model, max_tokens: 256, messages });
  else if (model.startsWith('gemini')) await gemini.models.generateContent({ model, contents: 'Summarize the ticket.' });
  else await openai.chat.completions.create({ model, messages });
}

for (const [i, r] of RUNS.entries()) {
  const run = botanuWorkflow({ name: r.workflow, eventId: `evt-${i + 1}`, customerId: r.customer }, async () => {
    for (const m of r.models) await ask(m);
    return getRunId();
  });
  console.log(`RUN ${i + 1} ${r.workflow} ${r.customer} ${await run()}`);
}
await stub.close();
