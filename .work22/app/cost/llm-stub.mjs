// A local stand-in for OpenAI, Anthropic and Gemini (their wire formats, as the
// real SDKs read them) whose usage depends on the model asked for, so a test can
// price each call by hand: cached input (OpenAI), reasoning tokens (o3-mini),
// cache writes and reads (Anthropic), a long-context price tier and thoughts
// (Gemini 2.5 Pro above 200k input tokens), and a model no price table knows.
import http from 'node:http';
import { chatCompletion } from '../llm/chat-completion.mjs';

/** Per requested model: the model the provider answers with, and the usage it reports. */
export const ANSWERS = {
  'gpt-4o-mini': { model: 'gpt-4o-mini-2024-07-18', usage: { prompt_tokens: 2000, completion_tokens: 300, cached_tokens: 1536, reasoning_tokens: 0 } },
  'o3-mini': { model: 'o3-mini-2025-01-31', usage: { prompt_tokens: 1000, completion_tokens: 2500, cached_tokens: 0, reasoning_tokens: 2000 } },
  'acme-internal-7b': { model: 'acme-internal-7b', usage: { prompt_tokens: 500, completion_tokens: 100, cached_tokens: 0, reasoning_tokens: 0 } },
  'claude-3-5-haiku-20241022': { model: 'claude-3-5-haiku-20241022', usage: { input_tokens: 200, cache_creation_input_tokens: 500, cache_read_input_tokens: 300, output_tokens: 100 } },
  'gemini-2.5-pro': { model: 'gemini-2.5-pro', usage: { promptTokenCount: 240000, cachedContentTokenCount: 40000, candidatesTokenCount: 1000, thoughtsTokenCount: 3000, totalTokenCount: 244000 } },
};
const GEMINI_ROUTE = /^\/v1(?:beta)?\/models\/([^/:]+):generateContent$/;

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function openaiAnswer(n, answer) {
  return chatCompletion({ id: `chatcmpl-cost${n}`, model: answer.model, content: 'Done.', usage: answer.usage });
}

function anthropicMessage(n, answer) {
  return { id: `msg_cost${n}`, type: 'message', role: 'assistant', model: answer.model, content: [{ type: 'text', text: 'Done.', citations: null }], stop_reason: 'end_turn', stop_sequence: null, usage: { ...answer.usage, server_tool_use: null, service_tier: 'standard' } };
}

export function startStub() {
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      const gemini = GEMINI_ROUTE.exec(req.url ?? '');
      const answer = ANSWERS[gemini ? gemini[1] : body.model];
      if (!answer) return send(res, 404, { error: { message: `model ${body.model} not found`, type: 'invalid_request_error' } });
      n++;
      if (gemini) return send(res, 200, { candidates: [{ content: { parts: [{ text: 'Done.' }], role: 'model' }, finishReason: 'STOP', index: 0 }], usageMetadata: answer.usage, modelVersion: answer.model, responseId: `cost${n}` });
      if (req.url === '/v1/chat/completions') return send(res, 200, openaiAnswer(n, answer));
      if (req.url === '/v1/messages') return send(res, 200, anthropicMessage(n, answer));
      send(res, 404, { error: { message: 'not found' } });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) })));
}
