// The context an HTTP message's events run in. Upstream bound each request and
// response to its span's context through the context manager (an own `emit` on
// every req/res: a hidden-class change on the app's objects, a closure each).
// Here the prototypes' emit is wrapped once (IncomingMessage, ServerResponse,
// ClientRequest: server requests and responses, client requests and responses) and looks the
// message up in a WeakMap: a message the agent traces runs its listeners in the
// context it was given, any other is untouched. The table is a WeakMap, not a
// Map: a long-lived Map that takes a new message and drops an old one on every
// request makes V8 keep each request's whole object graph (req, res, the
// framework's per-request objects, spans) through one scavenge after another
// until a full GC: the hash table is rebuilt as entries come and go, and every
// replaced table, once promoted, still points at the next one and at the
// messages it held. Measured (express + Redis, 1000 req/s): 7.2 MB promoted per
// 1000 requests with a Map, 2.7 with this WeakMap (plain node 0.85), GC time
// per request 2.4× lower. An entry also leaves with its message's 'close'
// (always its last event). Nothing is added to the app's objects; listeners
// are never wrapped (removeListener, once(), listeners() see exactly what the
// app added).
import { context, type Context } from '@opentelemetry/api';
import type { EventEmitter } from 'node:events';

/** What a traced message does on its own events before its listeners run (never throws). */
export interface MessageWatch {
  ctx: Context;
  onEvent?(event: string | symbol, arg: unknown): void;
  /** The 'finish' listener node:http put on a server response before the app saw it (see onlyNodeHttpListener). */
  nodeFinish?: unknown;
}

/** The one listener of `event` on an emitter, when it has exactly one (EventEmitter keeps a lone listener as the function itself). */
export function soleListener(emitter: object, event: string): unknown {
  const l = (emitter as { _events?: Record<string | symbol, unknown> })._events?.[event];
  return typeof l === 'function' ? l : undefined;
}

/**
 * Whether node:http's own bookkeeping is all that listens: the response's 'finish'
 * listener it added before the app saw the request (the same function, kept on
 * the watch), or the request's 'end' listener it adds when the response finished
 * first (`clearIncoming`, by name on Node 22 to 26; a renamed one just gets the
 * context switch). Neither starts anything of the app's, so they run in the
 * context they are emitted in, as without the agent: no context switch, no
 * frame copied, per request.
 */
function onlyNodeHttpListener(message: EventEmitter, event: string | symbol, w: MessageWatch): boolean {
  if (event === 'finish') return w.nodeFinish !== undefined && soleListener(message, 'finish') === w.nodeFinish;
  return event === 'end' && (soleListener(message, 'end') as { name?: unknown } | undefined)?.name === 'clearIncoming';
}

const watched = new WeakMap<object, MessageWatch>();
let installed = false;

type Emit = EventEmitter['emit'];

// Apart from the wrapper, so that only an emit that switches context keeps its
// arguments and makes a closure (every other emit passes them straight through).
function emitIn(ctx: Context, original: Emit, self: EventEmitter, args: IArguments): boolean {
  return context.with(ctx, () => Reflect.apply(original, self, args) as boolean);
}

function wrapEmit(proto: { emit: Emit }): void {
  const original = proto.emit;
  if (typeof original !== 'function') return;
  const emit = function emit(this: EventEmitter, event: string | symbol) {
    const w = watched.get(this);
    // eslint-disable-next-line prefer-rest-params
    if (w === undefined) return Reflect.apply(original, this, arguments);
    if (w.onEvent !== undefined) {
      try {
        // eslint-disable-next-line prefer-rest-params
        w.onEvent(event, arguments[1]);
      } catch {
        /* bookkeeping only */
      }
    }
    if (event === 'close') watched.delete(this);
    if (context.active() === w.ctx || this.listenerCount(event) === 0 || onlyNodeHttpListener(this, event, w)) {
      // eslint-disable-next-line prefer-rest-params
      return Reflect.apply(original, this, arguments);
    }
    // eslint-disable-next-line prefer-rest-params
    return emitIn(w.ctx, original, this, arguments);
  };
  // As an assignment would define it (enumerable, like EventEmitter.prototype.emit): for..in over a message lists what it listed.
  Object.defineProperty(proto, 'emit', { value: emit, writable: true, enumerable: true, configurable: true });
}

/**
 * Wraps the emit of node:http's message classes, once per process: each class's
 * own prototype (what `emit` is there now, its own or inherited), so a wrapper
 * another tracer put on one of them (dd-trace wraps ServerResponse's) stays in
 * the chain, whichever came first.
 */
export function installEmitContext(): void {
  if (installed) return;
  installed = true;
  const http = require('node:http') as typeof import('node:http');
  for (const cls of [http.IncomingMessage, http.ServerResponse, http.ClientRequest]) wrapEmit(cls.prototype as unknown as { emit: Emit });
}

/** The message's events run in `watch.ctx` from now on; the first watch wins. */
export function watchMessage(message: object, watch: MessageWatch): void {
  if (!watched.has(message)) watched.set(message, watch);
}

/** The watch of a message the agent traces now (until its 'close'). */
export function watchOf(message: object): MessageWatch | undefined {
  return watched.get(message);
}
