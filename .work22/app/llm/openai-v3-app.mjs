// An app on openai 3.x (the pre-rewrite SDK, outside the covered range): it must
// run exactly as without the agent.
import { Configuration, OpenAIApi } from 'openai';
import { botanuWorkflow } from '@botanu/agent';

const api = new OpenAIApi(new Configuration({ apiKey: 'sk-fixture-not-a-real-key', basePath: `${process.env.FIXTURE_URL}/s/ok/v3-${process.pid}/v1` }));
const run = botanuWorkflow({ name: 'llm-v3', eventId: 'evt-v3', customerId: 'acme' }, async () => {
  const r = await api.createChatCompletion({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] });
  return r.data.usage;
});
console.log(`RESULT ${JSON.stringify(await run())}`);
