// fastify's span per routed request, `request handler - /users/:id`, made where
// fastify's router calls the route (see ./instrumentation.ts): it starts before
// fastify builds the request and reply, is active while fastify runs the hooks,
// the handler and the error handler (so the handler's DB queries, LLM calls and
// fetches are its children), and ends when the raw response closes, with the
// status fastify answered. An error fastify handles (thrown or rejected by a hook
// or the handler) is recorded on it by ./error-record.ts; a 5xx answer is an
// error too. It replaces @fastify/otel's `request` and `handler - <fn>` spans
// without a hook, a plugin or a property on the app's objects: when the agent's
// http server span traces the request (always, unless http is switched off or the
// request comes from fastify.inject()), the span rides on that request's watch and
// ends with the response, just after the server span (../http/server.ts: no
// listener, no table entry of its own per request);
// otherwise it is found from the raw response through a WeakMap, and one 'close'
// listener shared by all requests is all the response gets.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { watchOf } from '../http/emit-context';
import { ServerRequestWatch, serverRequestOf, type EndsWithResponse } from '../http/server';
import { startSpanOwningAttributes } from '../../agent/for-instrumentations';

interface RawResponse {
  statusCode?: unknown;
  on?: (event: string, listener: (this: RawResponse) => void) => unknown;
}

// raw response → its open span; an entry leaves with its response.
const OPEN = new WeakMap<object, Span>();
// Span → the last error fastify reported on it: the 5xx rule must not replace its
// message, and fastify hands an error its default handler re-sends to handleError twice.
const ERRORED = new WeakMap<Span, unknown>();

/** The name of a thrown value, read without ever throwing (it may be null, a Symbol, a Proxy, anything). */
function describe(thrown: unknown): { type: string; message: string } {
  try {
    if (thrown instanceof Error) {
      const message = typeof thrown.message === 'string' ? thrown.message : '';
      const name = typeof thrown.name === 'string' ? thrown.name : 'Error';
      return { type: name, message };
    }
    if (typeof thrown === 'string') return { type: 'string', message: thrown };
    if (typeof thrown === 'symbol') return { type: 'symbol', message: thrown.description ?? '' };
    return { type: thrown === null ? 'null' : typeof thrown, message: '' };
  } catch {
    return { type: 'unknown', message: '' };
  }
}

/** Records a value fastify is handling as an error (thrown, rejected or sent as one) on the response's open span. */
export function recordError(res: unknown, thrown: unknown): void {
  try {
    const span = res && typeof res === 'object' ? openSpanOf(res) : undefined;
    if (!span || (ERRORED.has(span) && ERRORED.get(span) === thrown)) return;
    const { type, message } = describe(thrown);
    span.setStatus(message ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR });
    ERRORED.set(span, thrown);
    // An Error keeps its stack; anything else is described by the event alone.
    if (thrown instanceof Error) span.recordException(thrown);
    else span.addEvent('exception', { 'exception.type': type, 'exception.message': message });
  } catch {
    /* never into fastify's error handling */
  }
}

/** The request's span on the server request's watch, ended with the response. */
class RequestSpan implements EndsWithResponse {
  constructor(
    readonly span: Span,
    readonly raw: RawResponse,
  ) {}

  responseClosed(): void {
    endWithStatus(this.span, this.raw);
  }
}

/** The open span of a raw response: on its server request's watch, or in OPEN. */
function openSpanOf(raw: object): Span | undefined {
  const closing = (watchOf(raw) as ServerRequestWatch | undefined)?.closing;
  if (closing !== undefined) for (const c of closing) if (c instanceof RequestSpan) return c.span;
  return OPEN.get(raw);
}

function endWithStatus(span: Span, raw: RawResponse): void {
  try {
    const status = raw.statusCode;
    if (typeof status === 'number') {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500 && !ERRORED.has(span)) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  } catch {
    /* the app's response is done either way */
  }
}

/** The raw response's 'close' listener, shared by all requests (no closure per request); `this` is the response. */
function onClose(this: RawResponse): void {
  const span = OPEN.get(this as object);
  if (!span) return;
  OPEN.delete(this as object);
  endWithStatus(span, this);
}

/**
 * Starts the span of a routed request and returns the context to run fastify's
 * route handling in; undefined when there is nothing to trace (then run as is).
 */
export function startRequestSpan(tracer: Tracer, req: unknown, res: unknown, method: unknown, route: string, handlerName: string): Context | undefined {
  const raw = res as RawResponse;
  if (!raw || typeof raw !== 'object' || typeof raw.on !== 'function' || openSpanOf(raw) !== undefined) return undefined;
  const watch = serverRequestOf(req, raw);
  const parent = context.active();
  const attributes: Attributes = { 'http.route': route, 'fastify.type': 'request_handler', 'fastify.handler.name': handlerName || 'anonymous' };
  if (typeof method === 'string') attributes['http.request.method'] = method;
  const span = startSpanOwningAttributes(tracer, `request handler - ${route}`, { kind: SpanKind.INTERNAL, attributes }, parent);
  // Unsampled: children follow the server span, which is not recorded either.
  if (!span.isRecording()) return undefined;
  if (watch !== undefined && !watch.ended) (watch.closing ??= []).push(new RequestSpan(span, raw));
  else {
    OPEN.set(raw, span);
    // A response emits 'close' last, whether it finished or the client left first
    // (Node's, HTTP/2's and light-my-request's for inject()).
    raw.on('close', onClose);
  }
  return trace.setSpan(parent, span);
}
