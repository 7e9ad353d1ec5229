// node:http / node:https clients (axios, got, node-fetch, hand-written
// clients): an LLM API request no SDK-level span records becomes one GenAI span,
// child of the request's HTTP client span. The request body is seen as the app
// writes it (only for LLM paths, up to a limit), the answer as the HTTP parser
// hands it to the response stream (its own `push`): the app's stream is left
// exactly as it was (no listener that would change its flow or error handling).
import { context, trace, type Context, type Span } from '@opentelemetry/api';
import { errorMonitor } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { startGenAiCall } from '../genai/genai-call';
import { isRecordedAbove } from '../genai/recorded-call';
import { llmHttpTracer } from './active';
import { noteHttpLayerCall } from './layer-notice';
import { answerReader, type RecognisedCall } from './answer-reader';
import { llmEndpoint, mayBeLlmPath, type LlmEndpoint } from './endpoints';
import { readLlmRequestBody } from './request-body';
import { bedrockHeaderUsage } from './wire-usage';

// Body bytes kept to read the model; a larger body is still sent untouched.
const BODY_LIMIT = 1 << 20;

interface Pending {
  ep: LlmEndpoint;
  call?: RecognisedCall;
}

const pending = new WeakMap<Span, Pending>();

function isClientRequest(r: unknown): r is ClientRequest {
  return typeof (r as ClientRequest)?.getHeader === 'function' && typeof (r as ClientRequest).path === 'string';
}

function urlOf(req: ClientRequest): string {
  const host = req.getHeader('host') ?? req.host;
  return `${req.protocol ?? 'http:'}//${String(Array.isArray(host) ? host[0] : host)}${req.path}`;
}

function bytes(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return undefined;
}

/** http instrumentation requestHook: an LLM-path POST has its body watched; the GenAI call starts when it is complete. */
/** `parent`: the request's context (its span active). */
export function llmRequestHook(httpSpan: Span, req: ClientRequest | IncomingMessage, parent: Context): void {
  if (!isClientRequest(req) || req.method !== 'POST' || !mayBeLlmPath(req.path)) return;
  const tracer = llmHttpTracer();
  if (!tracer) return;
  const ep = llmEndpoint(urlOf(req));
  if (!ep) return;
  if (isRecordedAbove(parent)) return;
  const p: Pending = { ep };
  pending.set(httpSpan, p);
  const chunks: Buffer[] = [];
  let size = 0;
  const keep = (chunk: unknown, encoding: unknown) => {
    const b = size <= BODY_LIMIT ? bytes(chunk, encoding) : undefined;
    if (b) {
      chunks.push(b);
      size += b.length;
    }
  };
  const { write, end } = req;
  req.write = function (this: ClientRequest, chunk: unknown, encoding?: unknown) {
    try {
      keep(chunk, encoding);
    } catch {
      /* never reach the app */
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(write, this, arguments);
  } as typeof req.write;
  req.end = function (this: ClientRequest, chunk?: unknown, encoding?: unknown) {
    try {
      if (typeof chunk !== 'function') keep(chunk, encoding);
      req.write = write;
      req.end = end;
      if (!p.call) start(p, Buffer.concat(chunks), trace.setSpan(parent, httpSpan));
    } catch {
      /* never reach the app */
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(end, this, arguments);
  } as typeof req.end;
  // A transport error ends the call with it (errorMonitor: observes without handling the error).
  req.on(errorMonitor, (err: unknown) => {
    try {
      p.call?.call.fail(err);
    } catch {
      /* bookkeeping only */
    }
  });
}

function start(p: Pending, body: Buffer, parent: Context): void {
  const tracer = llmHttpTracer();
  if (!tracer) return;
  const b = body.length > BODY_LIMIT ? undefined : readLlmRequestBody(body);
  if (b === null || (p.ep.needsBodyModel && (!b || !b.model))) return;
  const { ep } = p;
  const model = b?.model ?? ep.pathModel;
  const streaming = ep.pathStreams ?? (ep.format === 'ollama' ? b?.stream !== false : b?.stream === true);
  const call = startGenAiCall(tracer, { operation: ep.operation, provider: ep.provider, model, streaming, serverAddress: ep.serverAddress, serverPort: ep.serverPort }, parent);
  noteHttpLayerCall(ep.provider);
  p.call = { call, ep, model };
}

/** http instrumentation responseHook: the answer of a recognised call is read as the parser delivers it, in `ctx` (where the request was made). */
export function llmResponseHook(httpSpan: Span, res: IncomingMessage, ctx: Context): void {
  const r = pending.get(httpSpan)?.call;
  if (!r) return;
  pending.delete(httpSpan);
  // Only a recognised call's answer runs in a context (a listener it adds, a span it ends): the rest of the hook needs none.
  context.with(ctx, () => readLlmAnswer(r, res));
}

function readLlmAnswer(r: RecognisedCall, res: IncomingMessage): void {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) return r.call.fail({ status });
  if (r.ep.format === 'bedrock-invoke') r.call.usage(bedrockHeaderUsage({ get: (n) => (res.headers[n] === undefined ? null : String(res.headers[n])) }));
  const answer = answerReader(r, res.headers['content-type']);
  const push = res.push;
  res.push = function (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) {
    try {
      if (chunk === null) answer.finish({ kind: 'done' });
      else if (chunk instanceof Uint8Array) answer.push(chunk);
    } catch {
      /* never reach the app */
    }
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(push, this, arguments);
  } as typeof res.push;
  // Closed before the parser finished: cut short (a 'close' listener changes nothing for the app).
  res.once('close', () => answer.finish(res.complete ? { kind: 'done' } : { kind: 'cancelled' }));
}
