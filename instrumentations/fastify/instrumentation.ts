// fastify 5 from its own diagnostics channel (`tracing:fastify.request.handler`,
// published around every route handler): the route template goes on the HTTP
// server span (http.route, and so its name `GET /users/:id`), and the handler
// gets a span of its own, ended when the handler's reply is done, with the
// error it threw or rejected with.
//
// Why not @fastify/otel: it registers a plugin and decorators, wraps every hook
// and handler, and replaces addHook/setNotFoundHandler, and the apps see it
// (issue 21, fastify's own suite: 28 tests changed: setNotFoundHandler lost its
// return value, thrown null/undefined/symbols answered a 500 of its own, hook
// validation errors changed, hasPlugin/printPlugins/printRoutes/encapsulation
// changed, and request objects held spans). Here nothing is added to the app,
// its instances, requests, replies or functions: the channel messages are
// fastify's, our state lives in a WeakMap keyed by them, and every subscriber
// is guarded (a throwing subscriber would surface in the app on nextTick).
//
// The handler span is not made the active context (the channel gives no way to
// run the handler inside it without binding a store), so work the handler does
// is parented to the server span, which carries the route.
import * as dc from 'node:diagnostics_channel';
import { context, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';

const CHANNEL = 'fastify.request.handler';

/** What fastify publishes on the channel (lib/handle-request.js, lib/wrap-thenable.js). */
interface HandlerMessage {
  async?: boolean;
  error?: unknown;
  route?: { url?: unknown; method?: unknown };
}

/** A thrown value's message, whatever was thrown (null, undefined, a symbol, an object with a throwing getter). */
function describeThrown(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.message);
    if (typeof value === 'symbol') return value.toString();
    if (value !== null && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
    return String(value);
  } catch {
    return 'unknown error';
  }
}

export class FastifyInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  private readonly spans = new WeakMap<object, Span>();
  private subscribed = false;
  private readonly handlers = {
    start: (m: unknown) => this.guard(() => this.onStart(m as HandlerMessage)),
    end: (m: unknown) => this.guard(() => (m as HandlerMessage).async !== true && this.finish(m as HandlerMessage)),
    asyncStart: () => undefined,
    asyncEnd: (m: unknown) => this.guard(() => this.finish(m as HandlerMessage)),
    error: (m: unknown) => this.guard(() => this.onError(m as HandlerMessage)),
  };

  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('fastify'), config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'fastify',
      [SUPPORTED_VERSIONS.fastify.fastify],
      (exports: unknown) => {
        this.subscribe();
        return exports;
      },
      () => this.unsubscribe(),
    );
  }

  private subscribe(): void {
    if (this.subscribed) return;
    dc.tracingChannel(CHANNEL).subscribe(this.handlers);
    this.subscribed = true;
  }

  private unsubscribe(): void {
    if (!this.subscribed) return;
    dc.tracingChannel(CHANNEL).unsubscribe(this.handlers);
    this.subscribed = false;
  }

  private guard(fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      this._diag.debug(`fastify: ${describeThrown(err)}`);
    }
  }

  private onStart(m: HandlerMessage): void {
    const route = typeof m.route?.url === 'string' ? m.route.url : undefined;
    const active = context.active();
    const rpc = getRPCMetadata(active);
    if (route !== undefined && rpc?.type === RPCType.HTTP) rpc.route = route;
    // Only within a traced request: a bare inject() or a suppressed context makes no span.
    if (trace.getSpan(active) === undefined) return;
    const attributes: Record<string, string> = { 'fastify.type': 'request-handler' };
    if (route !== undefined) attributes['http.route'] = route;
    this.spans.set(m, this.tracer.startSpan(route !== undefined ? `request handler - ${route}` : 'request handler', { attributes }, active));
  }

  private onError(m: HandlerMessage): void {
    const span = this.spans.get(m);
    if (!span) return;
    const err = m.error;
    if (err instanceof Error) span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: describeThrown(err) });
  }

  private finish(m: HandlerMessage): void {
    const span = this.spans.get(m);
    if (!span) return;
    this.spans.delete(m);
    span.end();
  }
}
