// A local stand-in for the Gemini API and Vertex AI generateContent endpoints,
// speaking their wire format: JSON bodies, `alt=sse` streams whose chunks are
// GenerateContentResponse objects with the final usageMetadata on the last one,
// and the google.rpc error envelope. Field names follow @google/genai's types
// (GenerateContentResponse, GenerateContentResponseUsageMetadata).
//
// The model name picks the scenario, so an app needs no test hooks:
//   …-bad         400 INVALID_ARGUMENT
//   …-429         first request 429 RESOURCE_EXHAUSTED (retry-after: 0), then OK
//   …-midfail     stream: two chunks, then an error chunk
//   …-cut         stream: two chunks, then the connection drops
//   anything else OK (JSON or SSE)
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

/** The usage every successful response reports: distinct numbers so a test can tell them apart. */
export const GEMINI_USAGE = {
  promptTokenCount: 1234,
  cachedContentTokenCount: 1000,
  candidatesTokenCount: 56,
  thoughtsTokenCount: 78,
  totalTokenCount: 1234 + 56 + 78,
};
export const GEMINI_RESPONSE_ID = 'resp-fixture-7f3a';
export const GEMINI_MODEL_VERSION = 'gemini-fixture-001';
export const EMBED_TOKENS = [7, 9];

export interface FixtureRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface GeminiFixture {
  url: string;
  port: number;
  requests: FixtureRequest[];
  stop(): Promise<void>;
}

const ROUTE = /\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents|embedContent|predict)$/;

function usage(final: boolean) {
  const u = GEMINI_USAGE;
  if (!final) return { promptTokenCount: u.promptTokenCount, totalTokenCount: u.promptTokenCount, cachedContentTokenCount: u.cachedContentTokenCount };
  return {
    ...u,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: u.promptTokenCount }],
    cacheTokensDetails: [{ modality: 'TEXT', tokenCount: u.cachedContentTokenCount }],
  };
}

function candidate(text: string, finishReason?: string) {
  return { content: { role: 'model', parts: [{ text }] }, ...(finishReason ? { finishReason } : {}), index: 0 };
}

function rpcError(res: http.ServerResponse, code: number, status: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify({ error: { code, message, status } }, null, 2));
}

function sse(res: http.ServerResponse, chunks: unknown[], tail?: unknown, cut = false) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // Chunks go out one per tick so the client really receives a stream.
  const all = tail ? [...chunks, tail] : chunks;
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i >= all.length) return void (cut ? res.socket?.destroy() : res.end());
    res.write(`data: ${JSON.stringify(all[i++])}\r\n\r\n`);
    setTimeout(next, 5);
  };
  next();
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string, seen: Map<string, number>, vertex: boolean) {
  const url = new URL(req.url ?? '/', 'http://x');
  const m = ROUTE.exec(url.pathname);
  if (req.method !== 'POST' || !m) return rpcError(res, 404, 'NOT_FOUND', `no route for ${req.method} ${url.pathname}`);
  const [, model, method] = m;
  const n = (seen.get(model) ?? 0) + 1;
  seen.set(model, n);
  if (!vertex && !req.headers['x-goog-api-key'] && !url.searchParams.get('key') && !req.headers.authorization) {
    return rpcError(res, 403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers.');
  }
  if (model.endsWith('-bad')) return rpcError(res, 400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified');
  if (model.endsWith('-429') && n === 1) {
    return rpcError(res, 429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', { 'retry-after': '0' });
  }
  const extra = vertex ? { createTime: new Date().toISOString() } : {};
  if (method === 'generateContent') {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    return res.end(
      JSON.stringify({ candidates: [candidate('Hello from the fixture.', 'STOP')], usageMetadata: usage(true), modelVersion: GEMINI_MODEL_VERSION, responseId: GEMINI_RESPONSE_ID, ...extra }),
    );
  }
  if (method === 'streamGenerateContent') {
    if (url.searchParams.get('alt') !== 'sse') return rpcError(res, 400, 'INVALID_ARGUMENT', 'this fixture only streams with alt=sse');
    const common = { modelVersion: GEMINI_MODEL_VERSION, responseId: GEMINI_RESPONSE_ID, ...extra };
    const words = model.includes('long') ? Array.from({ length: 40 }, (_, i) => `w${i} `) : ['Hello ', 'from ', 'the ', 'fixture.'];
    const chunks: unknown[] = words.map((w) => ({ candidates: [candidate(w)], usageMetadata: usage(false), ...common }));
    if (model.endsWith('-cut')) return sse(res, chunks.slice(0, 2), undefined, true);
    if (model.endsWith('-midfail')) {
      return sse(res, chunks.slice(0, 2), { error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } });
    }
    chunks.push({ candidates: [candidate('', 'STOP')], usageMetadata: usage(true), ...common });
    return sse(res, chunks);
  }
  if (method === 'batchEmbedContents') {
    // The Gemini API reports no token usage for embeddings.
    const reqs = (JSON.parse(body || '{}').requests ?? []) as unknown[];
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    return res.end(JSON.stringify({ embeddings: reqs.map(() => ({ values: [0.1, 0.2, 0.3] })) }));
  }
  // Vertex AI predict for text embeddings: per-instance statistics carry the token count.
  const instances = (JSON.parse(body || '{}').instances ?? []) as unknown[];
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
  return res.end(
    JSON.stringify({
      predictions: instances.map((_, i) => ({ embeddings: { values: [0.1, 0.2], statistics: { token_count: EMBED_TOKENS[i] ?? 1, truncated: false } } })),
      metadata: { billableCharacterCount: 42 },
    }),
  );
}

/** Starts the fixture on 127.0.0.1; `tls` serves HTTPS (for SDKs that only speak https) with the given key pair. */
export function startGeminiFixture(opts: { vertex?: boolean; tls?: { key: string; cert: string } } = {}): Promise<GeminiFixture> {
  const requests: FixtureRequest[] = [];
  const seen = new Map<string, number>();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      try {
        handle(req, res, body, seen, !!opts.vertex);
      } catch (err) {
        rpcError(res, 500, 'INTERNAL', String(err));
      }
    });
  };
  const server = opts.tls ? https.createServer(opts.tls, onRequest) : http.createServer(onRequest);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        port,
        requests,
        stop: () =>
          new Promise<void>((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}
