// A user's app calling Mistral through @mistralai/mistralai (its own telemetry
// off, as by default): chat.complete against the OpenAI-format fixture at
// OPENAI_URL, chat.stream against Mistral's stream at MORE_URL. Prints RESULT <json>.
import { Mistral } from '@mistralai/mistralai';
import { runScenarios } from './scenarios.mjs';

const key = `${process.pid}-${Date.now()}`;
const client = (base = `${process.env.OPENAI_URL}/s/ok/${key}`) => new Mistral({ apiKey: 'fixture-not-a-real-key', serverURL: base });
const messages = [{ role: 'user', content: 'hi' }];

await runScenarios({
  'mistral-chat': async () => (await client().chat.complete({ model: 'mistral-small-latest', messages })).usage.promptTokens,
  'mistral-stream': async () => {
    let n = 0;
    for await (const _ of await client(`${process.env.MORE_URL}/s/ok/${key}/mistral`).chat.stream({ model: 'mistral-small-latest', messages })) n++;
    return n;
  },
});
