// The LLM SDKs' own retries (maxRetries), against the flaky server through
// their baseURL. No tracing code: started with the agent's preload flag.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { FLAKY_URL, TAG, report, scenario } from './scenario.mjs';

const openai = new OpenAI({ apiKey: 'sk-fixture', baseURL: `${FLAKY_URL}/status/${TAG}-openai/fail=2/status=503/retryAfter=0`, maxRetries: 3 });
// 529 is Anthropic's "overloaded", which its SDK retries.
const anthropic = new Anthropic({ apiKey: 'sk-ant-fixture', baseURL: `${FLAKY_URL}/status/${TAG}-anthropic/fail=2/status=529/retryAfter=0`, maxRetries: 3 });

await scenario('openai', async () => (await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).hit);
await scenario('anthropic', async () => (await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })).hit);
report();
