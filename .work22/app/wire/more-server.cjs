// Local stand-ins for wire formats the openai/anthropic fixtures do not speak:
// Groq's stream (usage in x_groq.usage of the last chunk), Mistral's stream
// (usage in the last chunk, always: paths under /mistral), Cohere v2 chat (JSON
// and its typed SSE events), Ollama (JSON and NDJSON streams). Field names as in
// groq-sdk's ChatCompletionChunk, cohere-ai's V2 ChatResponse / stream events,
// and Ollama's API docs. Usage numbers are distinct per endpoint.
'use strict';
const { sendJson, sendSse, fixtureServer } = require('../llm/fixture-server.cjs');

const USAGE = {
  groqStream: { queue_time: 0.01, prompt_tokens: 43, prompt_time: 0.002, completion_tokens: 19, completion_time: 0.02, total_tokens: 62, total_time: 0.022 },
  groq: { queue_time: 0.01, prompt_tokens: 41, prompt_time: 0.002, completion_tokens: 17, completion_time: 0.02, total_tokens: 58, total_time: 0.022 },
  cohere: { billed_units: { input_tokens: 33, output_tokens: 14 }, tokens: { input_tokens: 210, output_tokens: 14 } },
  cohereStream: { billed_units: { input_tokens: 35, output_tokens: 15 }, tokens: { input_tokens: 212, output_tokens: 15 } },
  mistralStream: { prompt_tokens: 39, completion_tokens: 18, total_tokens: 57 },
  ollama: { prompt_eval_count: 26, eval_count: 12 },
  ollamaStream: { prompt_eval_count: 27, eval_count: 13 },
};
const MODEL = { groq: 'llama-3.3-70b-versatile', cohere: 'command-a-03-2025', ollama: 'llama3.2' };
const WORDS = ['Hello', ' from', ' the', ' fixture', '.'];

function groqChunks(n) {
  const base = { id: `chatcmpl-groq-${n}`, object: 'chat.completion.chunk', created: 1731000000, model: MODEL.groq, system_fingerprint: 'fp_groq' };
  const out = [{ data: { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], x_groq: { id: `req_${n}` } } }];
  for (const w of WORDS) out.push({ data: { ...base, choices: [{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }] } });
  out.push({ data: { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], x_groq: { id: `req_${n}`, usage: USAGE.groqStream } } });
  out.push({ data: '[DONE]' });
  return out;
}

/** Mistral's stream: the final chunk carries finish_reason and usage (no stream_options needed). */
function mistralChunks(n) {
  const base = { id: `mistral-${n}`, object: 'chat.completion.chunk', created: 1731000000, model: 'mistral-small-2503' };
  const out = [{ data: { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] } }];
  for (const w of WORDS) out.push({ data: { ...base, choices: [{ index: 0, delta: { content: w }, finish_reason: null }] } });
  out.push({ data: { ...base, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage: USAGE.mistralStream } });
  out.push({ data: '[DONE]' });
  return out;
}

function groqCompletion(n) {
  return { id: `chatcmpl-groq-${n}`, object: 'chat.completion', created: 1731000000, model: MODEL.groq, choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join('') }, logprobs: null, finish_reason: 'stop' }], usage: USAGE.groq, system_fingerprint: 'fp_groq', x_groq: { id: `req_${n}` } };
}

function cohereEvents(n) {
  const out = [{ event: 'message-start', data: { type: 'message-start', id: `cohere-${n}`, delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } } }];
  out.push({ event: 'content-start', data: { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } } });
  for (const w of WORDS) out.push({ event: 'content-delta', data: { type: 'content-delta', index: 0, delta: { message: { content: { text: w } } } } });
  out.push({ event: 'content-end', data: { type: 'content-end', index: 0 } });
  out.push({ event: 'message-end', data: { type: 'message-end', delta: { finish_reason: 'COMPLETE', usage: USAGE.cohereStream } } });
  return out;
}

async function ollamaNdjson(res, n) {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const at = '2026-01-01T00:00:00Z';
  for (const w of WORDS) {
    res.write(JSON.stringify({ model: MODEL.ollama, created_at: at, message: { role: 'assistant', content: w }, done: false }) + '\n');
    await new Promise((r) => setTimeout(r, 2));
  }
  res.end(JSON.stringify({ model: MODEL.ollama, created_at: at, message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, total_duration: 1, ...USAGE.ollamaStream }) + '\n');
}

function start() {
  return fixtureServer(async ({ body, s, id }, res) => {
    if (!s) return sendJson(res, 404, { error: 'not found' });
    const p = s.path;
    if (p.startsWith('/mistral/') && p.endsWith('/chat/completions') && body.stream) return sendSse(res, mistralChunks(id));
    if (p.endsWith('/chat/completions')) return body.stream ? sendSse(res, groqChunks(id)) : sendJson(res, 200, groqCompletion(id));
    if (p.endsWith('/v2/chat')) {
      if (body.stream) return sendSse(res, cohereEvents(id));
      return sendJson(res, 200, { id: `cohere-${id}`, finish_reason: 'COMPLETE', message: { role: 'assistant', content: [{ type: 'text', text: WORDS.join('') }] }, usage: USAGE.cohere });
    }
    if (p.endsWith('/api/chat')) {
      if (body.stream !== false) return ollamaNdjson(res, id);
      return sendJson(res, 200, { model: MODEL.ollama, created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: WORDS.join('') }, done_reason: 'stop', done: true, ...USAGE.ollama });
    }
    return sendJson(res, 404, { error: `no route ${p}` });
  });
}

module.exports = { start, USAGE, MODEL };

if (require.main === module) start().then((s) => console.log(`READY ${s.url.split(':').pop()}`));
