// HTTP server spans for node:http / node:https: one SERVER span per request,
// made active while the app's 'request' handler runs, the same attributes,
// name, status and events as @opentelemetry/instrumentation-http 0.301 gave it.
//
// Cost per request (issue 14): the server's emit is wrapped once (as upstream,
// through the instrumentation's shimmer, so an app's own HttpInstrumentation
// enabled later replaces it exactly as it replaced upstream's); the request's
// and response's events run in the span's context through one prototype-level
// emit (./emit-context.ts), which also ends the span on the response's 'close'
// or 'error': no listener, no closure, no property on the app's req/res.
// Frameworks name the route through @opentelemetry/core's RPC metadata in the
// context (express, hapi, koa, restify, connect, and our fastify and hono):
// the metadata object is kept and read when the response closes.
// A framework keeps what it needs per request on the response's watch
// (serverRequestOf), not on the app's objects, and spans it could not end
// before the response closed end with it (endWithResponse).
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { executeKeepingThrowSite } from '../keep-throw-site';
import { installEmitContext, soleListener, watchMessage, watchOf, type MessageWatch } from './emit-context';
import { incomingRequestAttributes } from './server-attributes';
import { startSpanOwningAttributes } from '../../agent/for-instrumentations';

/** Something a framework ends when the response closes, just before the server span. */
export interface EndsWithResponse {
  responseClosed(): void;
}

export class ServerRequestWatch implements MessageWatch {
  ended = false;
  /** A framework's state for this request (express: its layer paths), dropped with the response. */
  framework: unknown = undefined;
  /** What ends with the response (express's layer spans still open when the layer returned). */
  closing: EndsWithResponse[] | undefined = undefined;
  constructor(
    readonly ctx: Context,
    readonly span: Span,
    readonly rpc: RPCMetadata,
    readonly req: IncomingMessage,
  ) {}

  onEvent(event: string | symbol, arg: unknown): void {
    if (this.ended) return;
    if (event === 'close') this.finish();
    else if (event === 'error') this.fail(arg);
  }

  /** The response closed (sent, or the connection went away): status, route, end. */
  finish(): void {
    this.ended = true;
    const req = this.req;
    const span = this.span;
    const response = this.response;
    const status = response?.statusCode;
    span.setAttribute('http.response.status_code', status as number);
    const route = this.rpc.type === RPCType.HTTP ? this.rpc.route : undefined;
    if (route !== undefined) span.setAttribute('http.route', route);
    span.setStatus({ code: status && status >= 100 && status < 500 ? SpanStatusCode.UNSET : SpanStatusCode.ERROR });
    if (typeof status === 'number' && status >= 500 && status < 600) span.setAttribute('error.type', String(status));
    if (route) span.updateName(`${req.method || 'GET'} ${route}`);
    span.end();
    // After the server span, as the 'close' listeners of upstream's express spans did.
    if (this.closing !== undefined) endAll(this.closing);
  }

  fail(error: unknown): void {
    this.ended = true;
    recordError(this.span, error);
    this.span.end();
    if (this.closing !== undefined) endAll(this.closing);
  }

  response: ServerResponse | undefined;
  nodeFinish: unknown = undefined;
}

function endAll(closing: EndsWithResponse[]): void {
  for (const c of closing) {
    try {
      c.responseClosed();
    } catch {
      /* the others still end */
    }
  }
}

/** The watch of the server request `req`/`res` while its response is open (undefined when the agent's http spans do not trace it). */
export function serverRequestOf(req: unknown, res: unknown): ServerRequestWatch | undefined {
  if (res === null || typeof res !== 'object') return undefined;
  const w = watchOf(res);
  return w instanceof ServerRequestWatch && w.req === req ? w : undefined;
}

/** What upstream's setSpanWithError did: error.type, ERROR status with the message, the exception event. */
export function recordError(span: Span, error: unknown): void {
  const e = error as { name?: unknown; message?: unknown } | null | undefined;
  span.setAttribute('error.type', e?.name as string);
  span.setStatus({ code: SpanStatusCode.ERROR, message: e?.message as string });
  span.recordException(error as Error);
}

function startServerSpan(tracer: Tracer, component: string, req: IncomingMessage, res: ServerResponse): ServerRequestWatch {
  const attributes = incomingRequestAttributes(req, component);
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = startSpanOwningAttributes(tracer, req.method || 'GET', { kind: SpanKind.SERVER, attributes }, parent);
  const rpc: RPCMetadata = { type: RPCType.HTTP, span };
  const ctx = setRPCMetadata(trace.setSpan(parent, span), rpc);
  const watch = new ServerRequestWatch(ctx, span, rpc, req);
  watch.response = res;
  // node:http's own 'finish' listener, added before the 'request' event (./emit-context.ts).
  watch.nodeFinish = soleListener(res, 'finish');
  watchMessage(req, { ctx });
  watchMessage(res, watch);
  return watch;
}

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/** The wrapper of a server prototype's emit: 'request' runs in a new server span's context. */
export function patchServerEmit(tracer: () => Tracer, component: 'http' | 'https') {
  installEmitContext();
  return (original: Emit): Emit =>
    function incomingRequest(this: unknown, event: string | symbol) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments as unknown as unknown[];
      if (event !== 'request') return Reflect.apply(original, this, args);
      let watch: ServerRequestWatch | undefined;
      try {
        watch = startServerSpan(tracer(), component, args[1] as IncomingMessage, args[2] as ServerResponse);
      } catch {
        /* the request runs untraced */
      }
      if (watch === undefined) return Reflect.apply(original, this, args);
      const w = watch;
      return context.with(w.ctx, () =>
        executeKeepingThrowSite(
          () => Reflect.apply(original, this, args) as boolean,
          (error) => {
            if (error !== undefined && !w.ended) {
              try {
                w.fail(error);
              } catch {
                /* the app's exception goes on as it is */
              }
            }
          },
        ),
      );
    } as Emit;
}
