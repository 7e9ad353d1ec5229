// The same kind of app in CommonJS: require('openai'), preloaded with --require.
const { OpenAI } = require('openai');
const { botanuWorkflow } = require('@botanu/agent');

const client = new OpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.FIXTURE_URL}/s/ok/cjs-${process.pid}/v1` });
const messages = [{ role: 'user', content: 'Say hello.' }];

(async () => {
  await botanuWorkflow({ name: 'llm-cjs-chat', eventId: 'evt-cjs-chat', customerId: 'acme' }, () => client.chat.completions.create({ model: 'gpt-4o-mini', messages }))();
  await botanuWorkflow({ name: 'llm-cjs-stream', eventId: 'evt-cjs-stream', customerId: 'acme' }, async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    for await (const _ of stream);
  })();
  console.log('RESULT {}');
})();
