// HTTP client spans for node:http / node:https: one CLIENT span per request,
// the trace headers injected through the global propagator (the outgoing
// baggage boundary then applies at the transport: agent/run/baggage-boundary.ts),
// the same attributes, name, status and events as @opentelemetry/instrumentation-http
// 0.301. The request's and response's events run in the caller's context
// through ./emit-context.ts, which also sees the response arrive and end, and
// the request fail or close: no listener of ours, no wrapped callback, nothing
// on the app's ClientRequest or IncomingMessage.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { peerOf } from './peer';
import { hostnameAndPort, isUrlLike, isValidOptions, outgoingRequestAttributes, requestInfo, type ParsedOptions } from './client-attributes';
import { installEmitContext, watchMessage } from './emit-context';
import { recordError } from './server';
import { startSpanOwningAttributes } from '../../agent/for-instrumentations';

export interface ClientHooks {
  ignore?: (options: ParsedOptions) => boolean;
  /** `ctx`: the request's context (its span active); hooks take it as an argument instead of reading context.active(), so no context is entered per request for them. */
  request?: (span: Span, request: ClientRequest, ctx: Context) => void;
  /** `ctx`: the context the request was made in. */
  response?: (span: Span, response: IncomingMessage, ctx: Context) => void;
}

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

class ClientRequestWatch {
  ended = false;
  constructor(
    readonly ctx: Context,
    readonly span: Span,
    readonly req: ClientRequest,
    readonly hooks: ClientHooks,
  ) {}

  onEvent(event: string | symbol, arg: unknown): void {
    if (this.ended) return;
    if (event === 'response') this.response(arg as IncomingMessage);
    else if (event === 'error') this.fail(arg);
    else if (event === 'close' && !(this.req as { aborted?: boolean }).aborted) this.end();
  }

  response(res: IncomingMessage): void {
    const span = this.span;
    // With no 'response' listener of the app's, the answer is read to its end (as upstream did).
    if (this.req.listenerCount('response') === 0) res.resume();
    if (res.statusCode != null) span.setAttribute('http.response.status_code', res.statusCode);
    if (res.socket) {
      const peer = peerOf(res.socket);
      span.setAttribute('network.peer.address', peer.address as string);
      span.setAttribute('network.peer.port', peer.port as number);
      span.setAttribute('network.protocol.version', res.httpVersion);
    }
    const hook = this.hooks.response;
    if (hook) {
      try {
        hook(span, res, this.ctx);
      } catch {
        /* a hook never reaches the app */
      }
    }
    // The answer's events run where the request was made, as the request's do.
    watchMessage(res, new ClientResponseWatch(this, res));
  }

  onResponseEvent(res: IncomingMessage, event: string | symbol, arg: unknown): void {
    if (this.ended) return;
    if (event === 'end') {
      const span = this.span;
      if (res.aborted && !res.complete) span.setStatus({ code: SpanStatusCode.ERROR });
      else {
        const status = res.statusCode;
        span.setStatus({ code: status && status >= 100 && status < 400 ? SpanStatusCode.UNSET : SpanStatusCode.ERROR });
        if (typeof status === 'number' && status >= 400 && status < 600) span.setAttribute('error.type', String(status));
      }
      this.end();
    } else if (event === 'error') this.fail(arg);
  }

  fail(error: unknown): void {
    this.ended = true;
    recordError(this.span, error);
    this.span.end();
  }

  end(): void {
    this.ended = true;
    this.span.end();
  }
}

class ClientResponseWatch {
  readonly ctx: Context;
  constructor(
    readonly request: ClientRequestWatch,
    readonly res: IncomingMessage,
  ) {
    this.ctx = request.ctx;
  }

  onEvent(event: string | symbol, arg: unknown): void {
    this.request.onResponseEvent(this.res, event, arg);
  }
}

/** Starts the span of one outgoing request and calls `original` with the trace headers added; anything unexpected calls it as the app did. */
function outgoing(tracer: Tracer, component: 'http' | 'https', hooks: ClientHooks, original: AnyFn, self: unknown, args: unknown[]): unknown {
  let options = args[0];
  if (!isValidOptions(options)) return Reflect.apply(original, self, args);
  let span: Span;
  let parent: Context;
  let requestContext: Context;
  let callArgs: unknown[];
  try {
    if (component === 'https' && typeof options === 'object' && (options as object)?.constructor?.name !== 'URL') {
      const o = Object.assign({}, options) as ParsedOptions;
      o.protocol = o.protocol || 'https:';
      o.port = o.port || 443;
      options = o;
    }
    const rest = args.slice(1);
    const extra = typeof rest[0] === 'object' && (typeof options === 'string' || isUrlLike(options)) ? (rest.shift() as object) : undefined;
    const info = requestInfo(options, extra);
    if (hooks.ignore) {
      let ignored = false;
      try {
        ignored = hooks.ignore(info.options) === true;
      } catch {
        /* not ignored */
      }
      if (ignored) return Reflect.apply(original, self, [info.options, ...rest]);
    }
    const { hostname, port } = hostnameAndPort(info.options);
    const attributes = outgoingRequestAttributes(info.options, component, hostname, port);
    parent = context.active();
    span = startSpanOwningAttributes(tracer, info.method, { kind: SpanKind.CLIENT, attributes }, parent);
    requestContext = trace.setSpan(parent, span);
    const o = info.options;
    o.headers = o.headers ? Object.assign({}, o.headers) : {};
    propagation.inject(requestContext, o.headers);
    callArgs = [info.invalidUrl ? args[0] : o, ...rest];
  } catch {
    return Reflect.apply(original, self, args);
  }
  let request: ClientRequest;
  try {
    request = context.with(requestContext, () => Reflect.apply(original, self, callArgs) as ClientRequest);
  } catch (error) {
    try {
      recordError(span, error);
      span.end();
    } catch {
      /* the app's exception goes on as it is */
    }
    throw error;
  }
  try {
    const watch = new ClientRequestWatch(parent, span, request, hooks);
    watchMessage(request, watch);
    if (hooks.request) {
      try {
        hooks.request(span, request, requestContext);
      } catch {
        /* a hook never reaches the app */
      }
    }
  } catch {
    /* the request goes on untraced */
  }
  return request;
}

export function patchRequest(tracer: () => Tracer, component: 'http' | 'https', hooks: ClientHooks) {
  installEmitContext();
  return (original: AnyFn): AnyFn =>
    function outgoingRequest(this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      return outgoing(tracer(), component, hooks, original, this, Array.prototype.slice.call(arguments));
    };
}

/** get(): the (patched) request, ended. */
export function patchGet(request: () => AnyFn) {
  return (): AnyFn =>
    function outgoingGet(this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const req = Reflect.apply(request(), this, arguments) as ClientRequest;
      req.end();
      return req;
    };
}
