// One run of a traced express layer: the span @opentelemetry/instrumentation-express
// made for it, with the same name, attributes, parent, context, start and end:
// - it starts when express calls the layer, as a child of the active span, after
//   the layer's path joined the request's (./request-layers.ts); the route so far
//   goes on the HTTP server span too (through the RPC metadata in the context);
// - the layer runs in the span's context; a router's span ends at once and the
//   router runs in the context it was called in;
// - the `next` the layer gets ends the span (recording an error passed to it),
//   takes the layer's path off and goes on in the context next() was called in,
//   with the layer's parent span as the active span; while the layer runs it is
//   also `req.next` (express hands req.next to res.format()/res.render()
//   callbacks: apps compare the two), and req.next is express's again once it
//   is called or the layer throws;
// - a synchronous throw is recorded and goes on to express unchanged; a rejected
//   promise is not recorded (express takes it to its own next, not the layer's);
// - a span still open when the layer returned ends when the response closes.
// Per run: the span, its context, one call record and one `next` closure; no
// listener and no property on the app's req/res (see endWithResponse).
import { context, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { serverRequestOf, type EndsWithResponse } from '../http/server';
import type { LayerType } from './layer-kind';
import { nameLayer } from './layer-kind';
import { layersOf, swapContinuing, type RequestLayers } from './request-layers';
import { constructedRoute, matchedRoute } from './route';
import { recordThrown } from './thrown';
import type { AnyFn } from '../like-target';
import { startSpanOwningAttributes } from '../../agent/for-instrumentations';

export type { AnyFn } from '../like-target';

/** A layer the instrumentation traces: express's layer, the path it was registered on, its kind. */
export interface TracedLayer {
  readonly layer: { name?: unknown; path?: unknown; handle?: unknown };
  readonly path: string | undefined;
  readonly type: LayerType;
  readonly fn: AnyFn;
}

interface RequestLike {
  next?: unknown;
  route?: unknown;
  originalUrl?: unknown;
}

class LayerCall implements EndsWithResponse {
  ended = false;
  wrapped: AnyFn | undefined = undefined;
  constructor(
    readonly span: Span,
    readonly parent: Context,
    readonly ctx: Context,
    readonly req: RequestLike,
    readonly next: AnyFn,
    readonly layers: RequestLayers,
    readonly stored: boolean,
  ) {}

  responseClosed(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }

  /** The layer called its `next` (this: the layer's `this` for it, args: what it passed). */
  resume(self: unknown, args: IArguments): unknown {
    const err = args[0];
    const isError = !(err === undefined || err === null || err === 'route' || err === 'router');
    try {
      const req = this.req;
      if (req.next === this.wrapped) req.next = this.next;
      if (!this.ended) {
        if (isError) recordThrown(this.span, err);
        this.ended = true;
        this.span.end();
      }
      if (this.stored && !(req.route && isError)) this.layers.paths.pop();
    } catch {
      /* express goes on as without the agent */
    }
    const active = context.active();
    const parentSpan = trace.getSpan(this.parent);
    const nextCtx = active === this.ctx || active === this.parent ? this.parent : parentSpan ? trace.setSpan(active, parentSpan) : active;
    const before = swapContinuing(this.layers);
    try {
      return nextCtx === active ? Reflect.apply(this.next, self, args) : context.with(nextCtx, Reflect.apply, undefined, this.next, self, args);
    } finally {
      swapContinuing(before);
    }
  }
}

// Responses the agent's HTTP spans do not watch (another HTTP instrumentation):
// their open layer calls, ended by one 'close' listener shared by all of them.
const OPEN = new WeakMap<object, LayerCall[]>();
function endOpenCalls(this: object): void {
  const calls = OPEN.get(this);
  if (calls === undefined) return;
  OPEN.delete(this);
  for (const c of calls) c.responseClosed();
}

/** The span of a layer that returned without calling next() ends when the response closes. */
function endWithResponse(call: LayerCall, req: unknown, res: unknown): void {
  const kept = call.layers.watch;
  const watch = kept !== undefined && kept.response === res ? kept : serverRequestOf(req, res);
  if (watch !== undefined && !watch.ended) {
    (watch.closing ??= []).push(call);
    return;
  }
  // A router driven with plain objects for req/res: nothing to listen to (the span stays open, as upstream's did).
  const r = res as { once?: unknown } | null;
  if (r === null || typeof r !== 'object' || typeof r.once !== 'function') return;
  const calls = OPEN.get(r);
  if (calls !== undefined) calls.push(call);
  else {
    OPEN.set(r, [call]);
    (r as { once(event: string, fn: () => void): unknown }).once('close', endOpenCalls);
  }
}

/** Runs the layer's function as express would (`fn(req, res, next)`), inside its span. */
export function runLayer(tracer: Tracer, traced: TracedLayer, self: unknown, req: unknown, res: unknown, next: unknown): unknown {
  const fn = traced.fn;
  let call: LayerCall | undefined;
  try {
    call = startCall(tracer, traced, req as RequestLike, res, next);
  } catch {
    /* the layer runs untraced */
  }
  if (call === undefined) return Reflect.apply(fn, self, [req, res, next]);
  const wrapped = call.wrapped;
  const handed = wrapped ?? next;
  try {
    const ctx = call.ctx;
    return ctx === context.active() ? fn.call(self, req, res, handed) : context.with(ctx, fn, self, req, res, handed);
  } catch (thrown) {
    try {
      if (wrapped !== undefined && call.req.next === wrapped) call.req.next = next;
      if (!call.ended) recordThrown(call.span, thrown);
    } catch {
      /* the value goes on as it is */
    }
    throw thrown;
  } finally {
    if (!call.ended) {
      try {
        endWithResponse(call, req, res);
      } catch {
        /* the span stays open */
      }
    }
  }
}

function startCall(tracer: Tracer, traced: TracedLayer, req: RequestLike, res: unknown, next: unknown): LayerCall | undefined {
  if (req === null || typeof req !== 'object') return undefined;
  const layers = layersOf(req, res);
  const path = traced.path;
  const stored = path !== undefined;
  if (stored) layers.paths.push(path);
  const route = constructedRoute(layers.paths);
  const matched = matchedRoute(layers.paths, route, req);
  const parent = context.active();
  const rpc = getRPCMetadata(parent);
  if (rpc?.type === RPCType.HTTP) rpc.route = matched;
  const type = traced.type;
  const { spanName, expressName } = nameLayer(type, traced.layer, path, route);
  const attributes: Attributes = { 'express.name': expressName, 'express.type': type };
  if (matched !== undefined) attributes['http.route'] = matched;
  const span = startSpanOwningAttributes(tracer, spanName, { attributes }, parent);
  let ctx = trace.setSpan(parent, span);
  let ended = false;
  if (type === 'router') {
    span.end();
    ended = true;
    ctx = parent;
  }
  const call = new LayerCall(span, parent, ctx, req, next as AnyFn, layers, stored);
  call.ended = ended;
  if (typeof next === 'function') {
    const c = call;
    // Named and shaped as express's own `next(err)`.
    const wrapped = function next(this: unknown, _err?: unknown) {
      // eslint-disable-next-line prefer-rest-params
      return c.resume(this, arguments);
    };
    call.wrapped = wrapped as AnyFn;
    if (req.next === next) req.next = wrapped;
  }
  return call;
}
