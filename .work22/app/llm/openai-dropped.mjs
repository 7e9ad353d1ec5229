// Garbage collection must neither leak a span nor end one early:
// - llm-dropped: the app starts a call, never awaits it and drops the promise;
// - llm-gc-parse: the app awaits a call whose body arrives late, while the GC runs;
// - llm-gc-stream: the app reads a stream it never kept a reference to (for await
//   over a temporary) while the GC runs between chunks.
import OpenAI from 'openai';
import { botanuWorkflow } from '@botanu/agent';

const client = new OpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.FIXTURE_URL}/s/ok/dropped-${process.pid}/v1` });
const slow = new OpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.FIXTURE_URL}/s/slowbody/gc-${process.pid}/v1` });
const messages = [{ role: 'user', content: 'Say hello.' }];
const collect = async () => {
  for (let i = 0; i < 5; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 10));
  }
};

await botanuWorkflow({ name: 'llm-dropped', eventId: 'evt-dropped', customerId: 'acme' }, async () => {
  client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  await new Promise((r) => setTimeout(r, 200));
})();
await collect();

const gcTimer = setInterval(() => globalThis.gc(), 5);
const usage = await botanuWorkflow({ name: 'llm-gc-parse', eventId: 'evt-gc-parse', customerId: 'acme' }, async () => (await slow.chat.completions.create({ model: 'gpt-4o-mini', messages })).usage)();
clearInterval(gcTimer);
await collect();

let chunks = 0;
await botanuWorkflow({ name: 'llm-gc-stream', eventId: 'evt-gc-stream', customerId: 'acme' }, async () => {
  for await (const _ of await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })) {
    chunks++;
    await collect();
  }
})();
await collect();
console.log(`RESULT ${JSON.stringify({ chunks, input: usage.prompt_tokens })}`);
