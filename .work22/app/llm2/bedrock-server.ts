// A local stand-in for the Amazon Bedrock Runtime REST API (restJson1):
// Converse (JSON), ConverseStream (AWS event-stream binary framing),
// InvokeModel with each model family's own body, and AWS error responses
// (x-amzn-ErrorType + {"message"}). Shapes follow @aws-sdk/client-bedrock-runtime's
// types (ConverseResponse, TokenUsage, ConverseStreamOutput) and the model
// providers' documented InvokeModel bodies.
//
// The model id picks the scenario:
//   …-bad       400 ValidationException
//   …-429       first request 429 ThrottlingException, then OK
//   …-midfail   ConverseStream: two deltas, then a modelStreamErrorException event
//   …-long      ConverseStream: 40 deltas (for abandoning a stream)
// InvokeModelWithResponseStream sends `chunk` events whose bytes are the model's
// own stream events, with Bedrock's amazon-bedrock-invocationMetrics on the last.
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { eventMessage, exceptionMessage } from './event-stream';

/** Converse usage: inputTokens excludes the cached parts, as Bedrock reports it. */
export const CONVERSE_USAGE = { inputTokens: 321, outputTokens: 45, cacheReadInputTokens: 2000, cacheWriteInputTokens: 500, totalTokens: 321 + 45 + 2000 + 500 };

/** InvokeModel bodies per family, with their own usage fields. */
export const INVOKE_BODIES: Record<string, unknown> = {
  anthropic: {
    id: 'msg_bdrk_01FixtureA',
    type: 'message',
    role: 'assistant',
    model: 'claude-fixture',
    content: [{ type: 'text', text: 'Hello from Claude.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 210, cache_creation_input_tokens: 300, cache_read_input_tokens: 1500, output_tokens: 33 },
  },
  nova: {
    output: { message: { role: 'assistant', content: [{ text: 'Hello from Nova.' }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 111, outputTokens: 22, totalTokens: 133 + 40, cacheReadInputTokenCount: 40, cacheWriteInputTokenCount: 0 },
  },
  'titan-embed': { embedding: [0.1, 0.2, 0.3], embeddingsByType: { float: [0.1, 0.2, 0.3] }, inputTextTokenCount: 12 },
  titan: { inputTextTokenCount: 17, results: [{ tokenCount: 29, outputText: 'Hello from Titan.', completionReason: 'FINISH' }] },
  llama: { generation: 'Hello from Llama.', prompt_token_count: 19, generation_token_count: 31, stop_reason: 'stop' },
};

export function familyOf(modelId: string): string | undefined {
  if (modelId.includes('anthropic.')) return 'anthropic';
  if (modelId.includes('amazon.nova')) return 'nova';
  if (modelId.includes('amazon.titan-embed')) return 'titan-embed';
  if (modelId.includes('amazon.titan')) return 'titan';
  if (modelId.includes('meta.llama')) return 'llama';
  return undefined;
}

export interface BedrockFixture {
  url: string;
  port: number;
  requests: { path: string; headers: http.IncomingHttpHeaders; body: string }[];
  stop(): Promise<void>;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

/** Each family's streamed body events (what the model sends), before Bedrock wraps them in `chunk` events. */
export const INVOKE_STREAM_EVENTS: Record<string, unknown[]> = {
  anthropic: [
    { type: 'message_start', message: { id: 'msg_bdrk_01FixtureS', type: 'message', role: 'assistant', model: 'claude-fixture', content: [], stop_reason: null, usage: { input_tokens: 210, cache_creation_input_tokens: 300, cache_read_input_tokens: 1500, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello from Claude.' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 33 } },
    { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 210, outputTokenCount: 33, invocationLatency: 120, firstByteLatency: 40, cacheReadInputTokenCount: 1500, cacheWriteInputTokenCount: 300 } },
  ],
  titan: [
    { outputText: 'Hello ', index: 0, totalOutputTextTokenCount: 2, completionReason: null, inputTextTokenCount: 17 },
    { outputText: 'from Titan.', index: 0, totalOutputTextTokenCount: 29, completionReason: 'FINISH', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 17, outputTokenCount: 29, invocationLatency: 90, firstByteLatency: 30 } },
  ],
};

function awsError(res: http.ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': `req-${type}-${Date.now()}`,
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    ...headers,
  });
  res.end(JSON.stringify({ message }));
}

/** One frame per tick, so the client really receives a stream. */
function writeFrames(res: http.ServerResponse, frames: Buffer[]) {
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i >= frames.length) return void res.end();
    res.write(frames[i++]);
    setTimeout(next, 5);
  };
  next();
}

function converseStream(res: http.ServerResponse, modelId: string) {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-converse-stream' });
  const n = modelId.endsWith('-long') ? 40 : 4;
  const words = Array.from({ length: n }, (_, i) => (n === 4 ? ['Hello ', 'from ', 'the ', 'fixture.'][i] : `w${i} `));
  const frames: Buffer[] = [eventMessage('messageStart', { role: 'assistant' })];
  for (const text of words) frames.push(eventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }));
  if (modelId.endsWith('-midfail')) {
    frames.splice(3);
    frames.push(exceptionMessage('modelStreamErrorException', { message: 'Model stream failed', originalStatusCode: 500, originalMessage: 'upstream error' }));
  } else {
    frames.push(eventMessage('contentBlockStop', { contentBlockIndex: 0 }));
    frames.push(eventMessage('messageStop', { stopReason: 'end_turn' }));
    frames.push(eventMessage('metadata', { usage: CONVERSE_USAGE, metrics: { latencyMs: 42 } }));
  }
  writeFrames(res, frames);
}

function invokeStream(res: http.ServerResponse, modelId: string) {
  const events = INVOKE_STREAM_EVENTS[familyOf(modelId) ?? ''];
  if (!events) return awsError(res, 400, 'ValidationException', `no stream fixture for ${modelId}`);
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-invoke-stream', 'x-amzn-bedrock-content-type': 'application/json' });
  const frames = events.map((e) => eventMessage('chunk', { bytes: Buffer.from(JSON.stringify(e)).toString('base64') }));
  writeFrames(res, frames);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, seen: Map<string, number>) {
  const m = ROUTE.exec(req.url ?? '');
  if (req.method !== 'POST' || !m) return awsError(res, 404, 'UnknownOperationException', `no route for ${req.method} ${req.url}`);
  if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) return awsError(res, 403, 'AccessDeniedException', 'Missing Authentication Token');
  const modelId = decodeURIComponent(m[1]);
  const op = m[2];
  const key = `${op} ${modelId}`;
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  if (modelId.endsWith('-bad')) return awsError(res, 400, 'ValidationException', 'The provided model identifier is invalid.');
  if (modelId.endsWith('-429') && n === 1) return awsError(res, 429, 'ThrottlingException', 'Too many requests, please wait before trying again.', { 'retry-after': '0' });
  if (op === 'converse-stream') return converseStream(res, modelId);
  if (op === 'invoke-with-response-stream') return invokeStream(res, modelId);
  res.setHeader('x-amzn-requestid', `req-${op}-${n}`);
  if (op === 'converse') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(
      JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text: 'Hello from the fixture.' }] } },
        stopReason: 'end_turn',
        usage: CONVERSE_USAGE,
        metrics: { latencyMs: 42 },
      }),
    );
  }
  const family = familyOf(modelId);
  if (!family) return awsError(res, 400, 'ValidationException', `unknown model family: ${modelId}`);
  res.writeHead(200, { 'content-type': 'application/json' });
  return res.end(JSON.stringify(INVOKE_BODIES[family]));
}

/**
 * Current SDKs talk HTTP/2 to Bedrock (NodeHttp2Handler), older ones HTTP/1.1:
 * like the real endpoint, the fixture is HTTPS and offers both through ALPN.
 * The app trusts the fixture's self-signed certificate via NODE_EXTRA_CA_CERTS.
 */
export function startBedrockFixture(tls: { key: string; cert: string }): Promise<BedrockFixture> {
  const requests: BedrockFixture['requests'] = [];
  const seen = new Map<string, number>();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      try {
        handle(req, res, seen);
      } catch (err) {
        awsError(res, 500, 'InternalServerException', String(err));
      }
    });
  };
  const server = http2.createSecureServer({ ...tls, allowHTTP1: true }, onRequest as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        url: `https://127.0.0.1:${port}`,
        port,
        requests,
        stop: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
