// A user's app calling OpenAI through the real `openai` SDK, with no tracing
// code: each scenario named in SCENARIOS runs as its own botanu run. The SDK
// talks to the local fixture at FIXTURE_URL. Prints RESULT <json> and exits.
import OpenAI, { AzureOpenAI } from 'openai';
import { read, runScenarios } from './scenarios.mjs';

const base = process.env.FIXTURE_URL;
const key = `${process.pid}-${Date.now()}`;
const messages = [{ role: 'user', content: 'Say hello.' }];
const client = (mode) => new OpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${base}/s/${mode}/${key}/v1`, maxRetries: 2 });


const scenarios = {
  chat: async () => (await client('ok').chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.2 })).usage,
  'chat-stream-usage': async () => read(await client('ok').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })),
  'chat-stream-chunks': async () => {
    const [a, b] = (await client('ok').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })).tee();
    const seen = [];
    for await (const c of a) seen.push(c);
    const reader = b.toReadableStream().getReader();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    return { seen, bytes };
  },
  'chat-stream-no-usage': async () => read(await client('ok').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })),
  'chat-stream-abandoned': async () => read(await client('ok').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }), 2),
  'chat-stream-error': async () => {
    try {
      await read(await client('streamerror').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }));
      return 'no error';
    } catch (err) {
      return err.constructor.name;
    }
  },
  'chat-error': async () => {
    try {
      await client('error').chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 7 });
      return 'no error';
    } catch (err) {
      return err.status;
    }
  },
  'chat-retry': async () => (await client('retry').chat.completions.create({ model: 'gpt-4o-mini', messages })).id,
  responses: async () => (await client('ok').responses.create({ model: 'gpt-4.1-mini', input: 'Say hello.' })).id,
  'responses-stream': async () => read(await client('ok').responses.create({ model: 'gpt-4.1-mini', input: 'Say hello.', stream: true })),
  'responses-stream-helper': async () => {
    const s = client('ok').responses.stream({ model: 'gpt-4.1-mini', input: 'Say hello.' });
    return (await s.finalResponse()).id;
  },
  'chat-capture': async () => {
    const content = 'My key is sk-proj-abcdefghijklmnopqrstuvwxyz0123 and my card 4111 1111 1111 1111, mail bob@example.com';
    return (await client('ok').chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })).id;
  },
  'chat-stream-helper': async () => {
    const c = client('ok');
    const helper = c.chat.completions.stream ? c.chat.completions : c.beta.chat.completions; // 4.x: beta
    return (await helper.stream({ model: 'gpt-4o-mini', messages, stream_options: { include_usage: true } }).finalChatCompletion()).id;
  },
  completion: async () => (await client('ok').completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hello.', max_tokens: 16 })).usage.completion_tokens,
  embeddings: async () => (await client('ok').embeddings.create({ model: 'text-embedding-3-small', input: 'hello' })).data[0].embedding.length,
  'azure-chat': async () => {
    const az = new AzureOpenAI({ endpoint: `${base}/s/ok/${key}`, apiKey: 'fixture-azure-key', apiVersion: '2024-10-21', deployment: 'gpt-4o-mini' });
    return (await az.chat.completions.create({ model: 'gpt-4o-mini', messages })).id;
  },
};

await runScenarios(scenarios);
