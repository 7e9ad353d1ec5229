// undici's pools (Pool, BalancedPool, and the per-origin pools behind
// Agent({ connections }) and global fetch with such a dispatcher) queue a
// request when every connection is busy, and dispatch it later from whichever
// callback frees a connection. The request (and with it the client span, its
// traceparent and baggage: instrumentation-undici reads the active context on
// `undici:request:create`) was then made in the context of the request that
// finished, i.e. in another run. We note the caller's context when a request
// enters the pool queue and restore it when the queue hands the request to a
// connection. undici >= 8.12 does the same itself (an AsyncResource per queued
// request); this covers the versions before, and is harmless on those.
import { context, type Context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { runIn } from './run-in';

type Dispatch = (this: unknown, opts: unknown, handler: unknown) => unknown;
interface Proto<K extends string> {
  prototype: Record<K, (...args: unknown[]) => unknown>;
}

// undici 5 kept these files elsewhere (lib/node/fixed-queue.js, lib/dispatcher-base.js).
const V5 = ['>=5.12.0 <6'];
const V6_8 = ['>=6.0.0 <9'];
const PATCHED = Symbol.for('botanu.undici.caller-context');

// Handler of a queued request → its caller's context. Taken (and dropped) by
// the dispatch that leaves the queue; a request that never leaves it is
// forgotten with its handler.
const queued = new WeakMap<object, Context>();

function patchable(fn: unknown): boolean {
  return typeof fn === 'function' && !(fn as unknown as Record<symbol, unknown>)[PATCHED];
}

/** FixedQueue#push: items are { opts, handler } (or undici's own QueuedRequest): remember who queued them. */
export function patchFixedQueue(FixedQueue: Proto<'push'>): Proto<'push'> {
  const original = FixedQueue?.prototype?.push as ((this: unknown, ...args: unknown[]) => unknown) | undefined;
  if (!original || !patchable(original)) return FixedQueue;
  const wrapped = function push(this: unknown, item: unknown): unknown {
    try {
      const handler = (item as { handler?: unknown } | undefined)?.handler;
      if (handler !== null && typeof handler === 'object') queued.set(handler, context.active());
    } catch {
      /* keep the queue working */
    }
    // eslint-disable-next-line prefer-rest-params
    return original.apply(this, arguments as unknown as unknown[]);
  };
  (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
  FixedQueue.prototype.push = wrapped;
  return FixedQueue;
}

/** DispatcherBase#dispatch: a request leaving a pool queue is dispatched in its caller's context. */
export function patchDispatcherBase(DispatcherBase: Proto<'dispatch'>): Proto<'dispatch'> {
  const original = DispatcherBase?.prototype?.dispatch as Dispatch | undefined;
  if (!original || !patchable(original)) return DispatcherBase;
  const wrapped = function dispatch(this: unknown, _opts: unknown, handler: unknown) {
    let caller: Context | undefined;
    try {
      if (handler !== null && typeof handler === 'object') {
        caller = queued.get(handler);
        if (caller !== undefined) queued.delete(handler);
      }
    } catch {
      caller = undefined;
    }
    // The original's name is kept (a named function expression), so `dispatch` here is the wrapper.
    // eslint-disable-next-line prefer-rest-params
    return runIn(caller, original, this, arguments);
  };
  (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
  DispatcherBase.prototype.dispatch = wrapped;
  return DispatcherBase;
}

export class UndiciPoolQueueInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('undici-pool-queue'), {});
  }

  protected init() {
    const same = <T>(exports: T) => exports;
    const files = [
      new InstrumentationNodeModuleFile('undici/lib/dispatcher/fixed-queue.js', V6_8, patchFixedQueue, same),
      new InstrumentationNodeModuleFile('undici/lib/dispatcher/dispatcher-base.js', V6_8, patchDispatcherBase, same),
      new InstrumentationNodeModuleFile('undici/lib/node/fixed-queue.js', V5, patchFixedQueue, same),
      new InstrumentationNodeModuleFile('undici/lib/dispatcher-base.js', V5, patchDispatcherBase, same),
    ];
    return [new InstrumentationNodeModuleDefinition('undici', [...V5, ...V6_8], undefined, undefined, files)];
  }
}
