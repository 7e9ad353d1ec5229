// A user's app calling Claude through the real `@anthropic-ai/sdk`, with no
// tracing code: each scenario named in SCENARIOS runs as its own botanu run,
// against the local fixture at FIXTURE_URL. Prints RESULT <json> and exits.
import Anthropic from '@anthropic-ai/sdk';
import { read, runScenarios } from './scenarios.mjs';

const base = process.env.FIXTURE_URL;
const key = `${process.pid}-${Date.now()}`;
const params = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Say hello.' }] };
const client = (mode) => new Anthropic({ apiKey: 'sk-ant-fixture-not-a-real-key', baseURL: `${base}/s/${mode}/${key}`, maxRetries: 2 });


const failure = async (fn) => {
  try {
    await fn();
    return 'no error';
  } catch (err) {
    return err.status ?? err.constructor.name;
  }
};

const scenarios = {
  create: async () => (await client('ok').messages.create(params)).usage.output_tokens,
  beta: async () => (await client('ok').beta.messages.create(params)).usage.output_tokens,
  'create-stream': async () => read(await client('ok').messages.create({ ...params, stream: true })),
  'stream-helper': async () => (await client('ok').messages.stream(params).finalMessage()).usage.output_tokens,
  'stream-abandoned': async () => read(await client('ok').messages.create({ ...params, stream: true }), 2),
  'stream-error': async () => failure(async () => read(await client('streamerror').messages.create({ ...params, stream: true }))),
  error: async () => failure(() => client('error').messages.create({ ...params, max_tokens: 0 })),
  retry: async () => (await client('retry').messages.create(params)).id,
  overloaded: async () => (await client('overloaded').messages.create(params)).id,
};

await runScenarios(scenarios);
