// A Bedrock app with no tracing code: one Bedrock Runtime call inside a botanu run.
// argv[2] = plain | stream | error | retry | abandon | stream-error | invoke:<family> | invoke-stream:<family>
// env: BEDROCK_ENDPOINT (the local fixture); static credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { botanuWorkflow } from '@botanu/agent';

const mode = process.argv[2] ?? 'plain';
const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: process.env.BEDROCK_ENDPOINT, maxAttempts: 3 });

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const MODELS = {
  anthropic: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
  nova: 'amazon.nova-lite-v1:0',
  titan: 'amazon.titan-text-express-v1',
  'titan-embed': 'amazon.titan-embed-text-v2:0',
  llama: 'meta.llama3-8b-instruct-v1:0',
};
const BODIES = {
  anthropic: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 128, messages: [{ role: 'user', content: 'Say hello' }] },
  nova: { schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: 'Say hello' }] }], inferenceConfig: { max_new_tokens: 128 } },
  titan: { inputText: 'Say hello', textGenerationConfig: { maxTokenCount: 128, temperature: 0.5 } },
  'titan-embed': { inputText: 'Say hello', dimensions: 256, normalize: true },
  llama: { prompt: 'Say hello', max_gen_len: 128, temperature: 0.5 },
};
const messages = [{ role: 'user', content: [{ text: 'Say hello to jane.doe@example.com' }] }];

const run = botanuWorkflow({ name: 'bedrock-fixture', eventId: `evt-${mode}`, customerId: 'cust-bedrock' }, async () => {
  if (mode.startsWith('invoke-stream:')) {
    const family = mode.slice(14);
    const r = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODELS[family], contentType: 'application/json', body: JSON.stringify(BODIES[family]) }));
    const events = [];
    for await (const ev of r.body) events.push(JSON.parse(new TextDecoder().decode(ev.chunk.bytes)));
    return { events: events.length };
  }
  if (mode.startsWith('invoke:')) {
    const family = mode.slice(7);
    const r = await client.send(
      new InvokeModelCommand({ modelId: MODELS[family], contentType: 'application/json', accept: 'application/json', body: JSON.stringify(BODIES[family]) }),
    );
    return { body: JSON.parse(new TextDecoder().decode(r.body)) };
  }
  if (mode === 'plain' || mode === 'error' || mode === 'retry') {
    const modelId = { plain: CLAUDE, error: `${CLAUDE}-bad`, retry: `${CLAUDE}-429` }[mode];
    const r = await client.send(new ConverseCommand({ modelId, messages, inferenceConfig: { maxTokens: 256, temperature: 0.3 } }));
    return { text: r.output?.message?.content?.[0]?.text, usage: r.usage, attempts: r.$metadata.attempts };
  }
  const modelId = { stream: CLAUDE, abandon: `${CLAUDE}-long`, 'stream-error': `${CLAUDE}-midfail` }[mode];
  const r = await client.send(new ConverseStreamCommand({ modelId, messages }));
  let text = '';
  let events = 0;
  let usage;
  for await (const ev of r.stream) {
    events++;
    text += ev.contentBlockDelta?.delta?.text ?? '';
    if (ev.metadata) usage = ev.metadata.usage;
    if (mode === 'abandon' && events === 3) break;
  }
  return { text, events, usage };
});

try {
  console.log(JSON.stringify({ ok: true, ...(await run()) }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, name: err?.name, error: String(err?.message ?? err).slice(0, 200), status: err?.$metadata?.httpStatusCode }));
}
