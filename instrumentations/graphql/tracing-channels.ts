// graphql 17 traces itself: it publishes parse, validate, execute and subscribe
// on Node diagnostics TracingChannels (graphql:*), and the internals the upstream
// instrumentation patches (graphql 14-16) are gone or ES modules. This turns those
// channel events into the same spans the upstream instrumentation makes
// (graphql.parse, graphql.validate, `query Name`), with no argument values. Bound
// to the context manager's store, each span is active for its call, so the
// operation's database or LLM spans nest under it. Subscribed on the first load of
// graphql 17.
// graphql:resolve is deliberately NOT subscribed: while it has a subscriber,
// graphql wraps every field's resolver in its own tracing wrapper, which chains one
// more `.then` on each promise a resolver returns (and calls `.then` at once), so
// @defer/@stream payloads group differently and a thenable whose `then` returns
// nothing resolves the field to null. No resolver spans is the price of leaving
// graphql's results untouched (docs/library-suites.md, "Subscribing is not free").
import { context, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { activeContextStore } from '../../agent/for-instrumentations';
import { endSpan } from '../span-around';

interface ChannelMessage {
  error?: unknown;
  result?: unknown;
  operationName?: string;
  operationType?: string;
}
interface SubChannel {
  subscribe(fn: (msg: ChannelMessage) => void): void;
  bindStore?(store: unknown, transform: (msg: ChannelMessage) => Context): void;
}
interface TracingChannel {
  start: SubChannel;
  end: SubChannel;
  asyncEnd: SubChannel;
  error: SubChannel;
}

const SUBSCRIBED = Symbol.for('botanu.graphql.tracing-channels');

/** The span for one channel message. */
function spanFor(tracer: Tracer, op: string, msg: ChannelMessage, parent: Context): Span {
  let name = `graphql.${op}`;
  const attributes: Attributes = {};
  if (op === 'execute' || op === 'subscribe') {
    const type = msg.operationType ?? (op === 'subscribe' ? 'subscription' : undefined);
    if (type) attributes['graphql.operation.type'] = type;
    if (msg.operationName) attributes['graphql.operation.name'] = msg.operationName;
    if (type) name = msg.operationName ? `${type} ${msg.operationName}` : type;
  }
  return tracer.startSpan(name, { attributes }, parent);
}

/** `tracer`: the upstream instrumentation's, read per span (the provider can be set after this). */
export function subscribeGraphqlChannels(tracer: () => Tracer): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[SUBSCRIBED]) return;
  g[SUBSCRIBED] = true;
  const dc = require('node:diagnostics_channel') as { tracingChannel(name: string): TracingChannel };
  const store = activeContextStore((context as unknown as { _getContextManager(): unknown })._getContextManager());
  for (const op of ['parse', 'validate', 'execute', 'subscribe']) {
    const channel = dc.tracingChannel(`graphql:${op}`);
    const spans = new WeakMap<ChannelMessage, Span>();
    const start = (msg: ChannelMessage): Context => {
      const parent = context.active();
      try {
        const span = spanFor(tracer(), op, msg, parent);
        spans.set(msg, span);
        return trace.setSpan(parent, span);
      } catch {
        return parent;
      }
    };
    const finish = (msg: ChannelMessage) => {
      const span = spans.get(msg);
      if (!span) return;
      spans.delete(msg);
      endSpan(span, msg.error);
    };
    // With the store bound, start() runs as the call begins and its span is active inside it.
    if (store && typeof channel.start.bindStore === 'function') channel.start.bindStore(store, start);
    else channel.start.subscribe((msg) => void start(msg));
    // A call that returned (or threw) has result/error set by `end`; a pending promise finishes at asyncEnd.
    channel.end.subscribe((msg) => {
      if ('result' in msg || 'error' in msg) finish(msg);
    });
    channel.asyncEnd.subscribe(finish);
  }
}
