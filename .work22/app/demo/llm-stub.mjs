// A stand-in for an OpenAI-compatible provider (the demo has no internet):
// POST /v1/chat/completions answers in the wire format of the real API, with usage.
// `x-demo-rate-limit-once: 1` → 429 on the first attempt (the SDK retries);
// `x-demo-reject: 1` → 400 invalid_request_error. GET /stats says what it served.
import http from 'node:http';
import { chatCompletion } from '../llm/chat-completion.mjs';

export const USAGE = { prompt_tokens: 120, completion_tokens: 30, cached_tokens: 64 };
const stats = { completions: 0, rateLimited: 0, rejected: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0 };

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/stats') return send(res, 200, stats);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: 'not found' } });
    const body = JSON.parse(raw || '{}');
    if (req.headers['x-demo-rate-limit-once'] && (req.headers['x-stainless-retry-count'] ?? '0') === '0') {
      stats.rateLimited++;
      return send(res, 429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after-ms': '20' });
    }
    if (req.headers['x-demo-reject']) {
      stats.rejected++;
      return send(res, 400, { error: { message: 'This model does not support the requested feature', type: 'invalid_request_error', code: null } });
    }
    stats.completions++;
    stats.inputTokens += USAGE.prompt_tokens;
    stats.outputTokens += USAGE.completion_tokens;
    stats.cachedTokens += USAGE.cached_tokens;
    send(res, 200, chatCompletion({ id: `chatcmpl-demo${stats.completions}`, model: `${body.model}-2024-07-18`, content: 'Restart the router, then try again.', usage: USAGE }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
