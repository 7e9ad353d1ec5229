// A user's app calling LLMs through today's TypeScript frameworks and SDKs, with
// no tracing code: the Vercel AI SDK (OpenAI chat and responses, Anthropic,
// embeddings), LangChain, the OpenAI Agents SDK, groq-sdk, cohere-ai, raw fetch
// (OpenAI SSE, Ollama NDJSON), and the openai SDK itself. Each scenario runs as
// its own botanu run against the local fixtures: OPENAI_URL, ANTHROPIC_URL,
// MORE_URL (groq, cohere, ollama); axios and node:http clients too.
// Prints RESULT <json> and exits.
import { generateText, streamText, embed } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled } from '@openai/agents';
import OpenAI from 'openai';
import Groq from 'groq-sdk';
import { CohereClientV2 } from 'cohere-ai';
import axios from 'axios';
import * as http from 'node:http';
import { runScenarios } from './scenarios.mjs';

const key = `${process.pid}-${Date.now()}`;
const at = (env, mode = 'ok') => `${process.env[env]}/s/${mode}/${key}`;
const apiKey = 'sk-fixture-not-a-real-key';
const aiOpenAI = () => createOpenAI({ apiKey, baseURL: `${at('OPENAI_URL')}/v1` });
const aiAnthropic = () => createAnthropic({ apiKey, baseURL: `${at('ANTHROPIC_URL')}/v1` });

async function drain(stream) {
  let text = '';
  for await (const part of stream) text += typeof part === 'string' ? part : (part?.content ?? '');
  return text;
}

async function fetchJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(body) });
  return res;
}

const scenarios = {
  'ai-chat': async () => (await generateText({ model: aiOpenAI().chat('gpt-4o-mini'), prompt: 'Say hello.' })).usage.inputTokens,
  'ai-chat-stream': async () => {
    const r = streamText({ model: aiOpenAI().chat('gpt-4o-mini'), prompt: 'Say hello.' });
    await drain(r.textStream);
    return (await r.usage).inputTokens;
  },
  'ai-responses': async () => (await generateText({ model: aiOpenAI().responses('gpt-4.1-mini'), prompt: 'Say hello.' })).usage.inputTokens,
  'ai-responses-stream': async () => {
    const r = streamText({ model: aiOpenAI().responses('gpt-4.1-mini'), prompt: 'Say hello.' });
    await drain(r.textStream);
    return (await r.usage).inputTokens;
  },
  'ai-anthropic': async () => (await generateText({ model: aiAnthropic()('claude-sonnet-4-5'), prompt: 'Say hello.' })).usage.inputTokens,
  'ai-anthropic-stream': async () => {
    const r = streamText({ model: aiAnthropic()('claude-sonnet-4-5'), prompt: 'Say hello.' });
    await drain(r.textStream);
    return (await r.usage).inputTokens;
  },
  'ai-embed': async () => (await embed({ model: aiOpenAI().embedding('text-embedding-3-small'), value: 'hello' })).usage.tokens,
  'langchain-invoke': async () => (await new ChatOpenAI({ model: 'gpt-4o-mini', apiKey, configuration: { baseURL: `${at('OPENAI_URL')}/v1` } }).invoke('Say hello.')).usage_metadata,
  'langchain-stream': async () => {
    const chat = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey, streamUsage: true, configuration: { baseURL: `${at('OPENAI_URL')}/v1` } });
    let n = 0;
    for await (const _ of await chat.stream('Say hello.')) n++;
    return n;
  },
  'openai-agents': async () => {
    setTracingDisabled(true);
    setDefaultOpenAIClient(new OpenAI({ apiKey, baseURL: `${at('OPENAI_URL')}/v1` }));
    const agent = new Agent({ name: 'Greeter', instructions: 'Greet.', model: 'gpt-4.1-mini' });
    return (await run(agent, 'Say hello.')).finalOutput;
  },
  'openai-sdk': async () => (await new OpenAI({ apiKey, baseURL: `${at('OPENAI_URL')}/v1` }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).usage.prompt_tokens,
  groq: async () => (await new Groq({ apiKey, baseURL: at('MORE_URL') }).chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }] })).usage.prompt_tokens,
  'groq-stream': async () => {
    let n = 0;
    for await (const _ of await new Groq({ apiKey, baseURL: at('MORE_URL') }).chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'hi' }], stream: true })) n++;
    return n;
  },
  cohere: async () => (await new CohereClientV2({ token: apiKey, environment: at('MORE_URL') }).chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }] })).usage.billedUnits,
  'cohere-stream': async () => {
    let n = 0;
    for await (const _ of await new CohereClientV2({ token: apiKey, environment: at('MORE_URL') }).chatStream({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }] })) n++;
    return n;
  },
  'fetch-chat': async () => (await (await fetchJson(`${at('OPENAI_URL')}/v1/chat/completions`, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).json()).usage.prompt_tokens,
  'fetch-chat-stream-usage': async () => (await (await fetchJson(`${at('OPENAI_URL')}/v1/chat/completions`, { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] })).text()).length,
  'fetch-chat-stream-no-usage': async () => {
    const res = await fetchJson(`${at('OPENAI_URL')}/v1/chat/completions`, { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let bytes = 0;
    for await (const c of res.body) bytes += c.length;
    return bytes;
  },
  'fetch-ollama-stream': async () => (await (await fetchJson(`${at('MORE_URL')}/api/chat`, { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })).text()).split('\n').length,
  'axios-chat': async () => (await axios.post(`${at('OPENAI_URL')}/v1/chat/completions`, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).data.usage.prompt_tokens,
  'axios-chat-stream': async () => {
    const res = await axios.post(`${at('OPENAI_URL')}/v1/chat/completions`, { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }, { responseType: 'stream' });
    let bytes = 0;
    for await (const c of res.data) bytes += c.length;
    return bytes;
  },
  'http-anthropic-stream': () =>
    new Promise((resolve, reject) => {
      const req = http.request(`${at('ANTHROPIC_URL')}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text.split('\n\n').length));
      });
      req.on('error', reject);
      const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      req.write(body.slice(0, 20));
      req.end(body.slice(20));
    }),
  'fetch-not-llm': async () => (await fetchJson(`${at('MORE_URL')}/api/responses`, { answer: 42 })).status,
};

await runScenarios(scenarios);
