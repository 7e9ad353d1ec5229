// A local server speaking Anthropic's Messages wire format (field names from
// the @anthropic-ai/sdk types: Message, Usage, RawMessageStreamEvent,
// MessageDeltaUsage, and the API's error envelope), prompt caching and
// extended-thinking token counts included.
'use strict';
const { sendJson, sendSse, fixtureServer } = require('./fixture-server.cjs');

const MODEL = 'claude-sonnet-4-5-20250929';
const USAGE = {
  create: { input_tokens: 41, cache_creation_input_tokens: 120, cache_read_input_tokens: 300, output_tokens: 27, thinking_tokens: 12 },
  stream: { input_tokens: 43, cache_creation_input_tokens: 110, cache_read_input_tokens: 290, output_tokens: 31, thinking_tokens: 14 },
};
const WORDS = ['Hello', ' from', ' the', ' fixture', '.'];
const headers = (id) => ({ 'request-id': `req_fixture_${id}`, 'anthropic-organization-id': 'org-fixture' });

function usage(u, outputTokens = u.output_tokens) {
  return {
    input_tokens: u.input_tokens,
    cache_creation_input_tokens: u.cache_creation_input_tokens,
    cache_read_input_tokens: u.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: u.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: outputTokens === u.output_tokens ? { thinking_tokens: u.thinking_tokens } : null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: null,
    speed: null,
  };
}

function message(id, u, content, stopReason, outputTokens) {
  return { id: `msg_fixture_${id}`, type: 'message', role: 'assistant', model: MODEL, content, stop_reason: stopReason, stop_sequence: null, container: null, usage: usage(u, outputTokens) };
}

function streamEvents(id, failAfter) {
  const ev = (type, rest = {}) => ({ event: type, data: { type, ...rest } });
  const u = USAGE.stream;
  const out = [
    ev('message_start', { message: message(id, u, [], null, 1) }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } }),
    ev('ping'),
  ];
  for (const w of WORDS) out.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: w } }));
  if (failAfter) return [...out.slice(0, failAfter), ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: `req_fixture_${id}` })];
  out.push(ev('content_block_stop', { index: 0 }));
  out.push(
    ev('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null, container: null, stop_details: null },
      usage: { input_tokens: u.input_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens, cache_read_input_tokens: u.cache_read_input_tokens, output_tokens: u.output_tokens, output_tokens_details: { thinking_tokens: u.thinking_tokens }, server_tool_use: null },
    }),
  );
  out.push(ev('message_stop'));
  return out;
}

const error = (type, message, id) => ({ type: 'error', error: { type, message }, request_id: `req_fixture_${id}` });

function start() {
  return fixtureServer(async ({ body, s, id, tries }, res) => {
    if (!s || !s.path.startsWith('/v1/messages')) return sendJson(res, 404, error('not_found_error', 'Not found', id), headers(id));
    if (s.mode === 'error') return sendJson(res, 400, error('invalid_request_error', 'max_tokens: Input should be greater than or equal to 1', id), headers(id));
    if (s.mode === 'retry' && tries === 1) return sendJson(res, 429, error('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', id), { ...headers(id), 'retry-after': '1', 'anthropic-ratelimit-requests-remaining': '0' });
    if (s.mode === 'overloaded' && tries === 1) return sendJson(res, 529, error('overloaded_error', 'Overloaded', id), headers(id));
    if (body.stream) return sendSse(res, streamEvents(id, s.mode === 'streamerror' ? 4 : 0), headers(id));
    return sendJson(res, 200, message(id, USAGE.create, [{ type: 'text', text: WORDS.join(''), citations: null }], 'end_turn'), headers(id));
  });
}

module.exports = { start, USAGE, MODEL };

if (require.main === module) start().then((s) => console.log(`READY ${s.url.split(':').pop()}`));
