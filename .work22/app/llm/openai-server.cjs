// A local server speaking OpenAI's wire format (field names from the openai
// SDK's types: ChatCompletion, ChatCompletionChunk, Response,
// ResponseStreamEvent, CreateEmbeddingResponse, and its APIError bodies).
// Also answers Azure OpenAI's deployment paths. Usage numbers are distinct per
// endpoint so a test can tell which answer a span recorded.
'use strict';
const { sendJson, sendSse, fixtureServer } = require('./fixture-server.cjs');

const CREATED = 1731000000;
const USAGE = {
  chat: { prompt_tokens: 57, completion_tokens: 23, total_tokens: 80, prompt_tokens_details: { cached_tokens: 17, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 9, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
  chatStream: { prompt_tokens: 61, completion_tokens: 29, total_tokens: 90, prompt_tokens_details: { cached_tokens: 13, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 5, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
  responses: { input_tokens: 71, input_tokens_details: { cached_tokens: 19 }, output_tokens: 31, output_tokens_details: { reasoning_tokens: 11 }, total_tokens: 102 },
  responsesStream: { input_tokens: 73, input_tokens_details: { cached_tokens: 21 }, output_tokens: 37, output_tokens_details: { reasoning_tokens: 7 }, total_tokens: 110 },
  embeddings: { prompt_tokens: 8, total_tokens: 8 },
  completion: { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 },
};
const MODEL = { chat: 'gpt-4o-mini-2024-07-18', responses: 'gpt-4.1-mini-2025-04-14', embeddings: 'text-embedding-3-small', completion: 'gpt-3.5-turbo-instruct' };
const WORDS = ['Hello', ' from', ' the', ' fixture', '.'];

const headers = (id) => ({ 'x-request-id': `req_${id}`, 'openai-processing-ms': '12', 'openai-version': '2020-10-01' });

function chatCompletion(n) {
  return {
    id: `chatcmpl-fixture-${n}`,
    object: 'chat.completion',
    created: CREATED,
    model: MODEL.chat,
    choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join(''), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: USAGE.chat,
    service_tier: 'default',
    system_fingerprint: 'fp_fixture',
  };
}

/** Legacy Completion (POST /v1/completions). */
function textCompletion(n) {
  return { id: `cmpl-fixture-${n}`, object: 'text_completion', created: CREATED, model: MODEL.completion, choices: [{ index: 0, text: WORDS.join(''), logprobs: null, finish_reason: 'length' }], usage: USAGE.completion, system_fingerprint: 'fp_fixture' };
}

function chatChunks(n, includeUsage, failAfter) {
  const base = { id: `chatcmpl-fixture-${n}`, object: 'chat.completion.chunk', created: CREATED, model: MODEL.chat, service_tier: 'default', system_fingerprint: 'fp_fixture' };
  const extra = includeUsage ? { usage: null } : {};
  const out = [{ data: { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...extra } }];
  for (const w of WORDS) out.push({ data: { ...base, choices: [{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }], ...extra } });
  if (failAfter) return [...out.slice(0, failAfter), { data: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } }];
  out.push({ data: { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...extra } });
  if (includeUsage) out.push({ data: { ...base, choices: [], usage: USAGE.chatStream } });
  out.push({ data: '[DONE]' });
  return out;
}

function response(n, status, usage) {
  const done = status === 'completed';
  return {
    id: `resp_fixture_${n}`,
    object: 'response',
    created_at: CREATED,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: MODEL.responses,
    output: done ? [{ type: 'message', id: `msg_fixture_${n}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: WORDS.join(''), annotations: [], logprobs: [] }] }] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: done ? usage : null,
    user: null,
    metadata: {},
  };
}

function responseEvents(n, failAfter) {
  let seq = 0;
  const ev = (type, rest) => ({ event: type, data: { type, sequence_number: seq++, ...rest } });
  const item = { type: 'message', id: `msg_fixture_${n}`, status: 'in_progress', role: 'assistant', content: [] };
  const out = [
    ev('response.created', { response: response(n, 'in_progress') }),
    ev('response.in_progress', { response: response(n, 'in_progress') }),
    ev('response.output_item.added', { output_index: 0, item }),
    ev('response.content_part.added', { item_id: item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }),
  ];
  for (const w of WORDS) out.push(ev('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: w, logprobs: [] }));
  if (failAfter) return [...out.slice(0, failAfter), ev('error', { code: 'server_error', message: 'The server had an error while processing your request.', param: null })];
  const text = WORDS.join('');
  out.push(ev('response.output_text.done', { item_id: item.id, output_index: 0, content_index: 0, text, logprobs: [] }));
  out.push(ev('response.content_part.done', { item_id: item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text, annotations: [], logprobs: [] } }));
  out.push(ev('response.output_item.done', { output_index: 0, item: { ...item, status: 'completed', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] } }));
  out.push(ev('response.completed', { response: response(n, 'completed', USAGE.responsesStream) }));
  return out;
}

function embeddings(body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const vector = [0.125, -0.25, 0.5];
  const data = inputs.map((_, index) => ({
    object: 'embedding',
    index,
    embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
  }));
  return { object: 'list', data, model: MODEL.embeddings, usage: USAGE.embeddings };
}

const ERROR_400 = { error: { message: "Invalid value for 'temperature': expected a number between 0 and 2.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } };
const ERROR_429 = { error: { message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.', type: 'requests', param: null, code: 'rate_limit_exceeded' } };

function start() {
  return fixtureServer(async ({ body, s, id, tries }, res) => {
    if (!s) return sendJson(res, 404, { error: { message: 'Unknown request URL', type: 'invalid_request_error', param: null, code: 'unknown_url' } });
    if (s.mode === 'error') return sendJson(res, 400, ERROR_400, headers(id));
    if (s.mode === 'retry' && tries === 1) return sendJson(res, 429, ERROR_429, { ...headers(id), 'retry-after': '1', 'retry-after-ms': '50', 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '0' });
    const fail = s.mode === 'streamerror' ? 3 : 0;
    const path = s.path.replace(/^\/openai\/deployments\/[^/]+/, '/v1'); // Azure: /openai/deployments/<deployment>/chat/completions
    if (path.endsWith('/chat/completions')) {
      if (body.stream) return sendSse(res, chatChunks(id, !!body.stream_options?.include_usage, fail), headers(id));
      return sendJson(res, 200, chatCompletion(id), headers(id), s.mode === 'slowbody' ? 300 : 0);
    }
    if (path.endsWith('/completions')) return sendJson(res, 200, textCompletion(id), headers(id));
    if (path.endsWith('/responses')) {
      if (body.stream) return sendSse(res, responseEvents(id, fail), headers(id));
      return sendJson(res, 200, response(id, 'completed', USAGE.responses), headers(id));
    }
    if (path.endsWith('/embeddings')) return sendJson(res, 200, embeddings(body), headers(id));
    return sendJson(res, 404, { error: { message: `Unknown request URL: POST ${s.path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
  });
}

module.exports = { start, USAGE, MODEL };

if (require.main === module) start().then((s) => console.log(`READY ${s.url.split(':').pop()}`));
