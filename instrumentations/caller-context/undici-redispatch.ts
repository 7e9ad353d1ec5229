// undici handlers that send a request again themselves (RetryHandler on a
// retry, RedirectHandler on a redirect) do it from inside socket callbacks. On
// a pooled keep-alive connection those run in the context of whichever request
// opened the socket, so without this the retry's or redirect's span (and its
// headers) land in ANOTHER run. A handler is created in its caller's context:
// every re-dispatch it makes runs in that context.
import { context, type Context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';

type Dispatch = (opts: unknown, handler: unknown) => unknown;
type HandlerClass = new (...args: never[]) => { dispatch?: Dispatch };

const BOUND = Symbol.for('botanu.undici.redispatch.bound');
// undici 5 named the handler files after their classes.
const V5 = '>=5.12.0 <6';
const V6_8 = '>=6.0.0 <9';

/**
 * A subclass whose `this.dispatch` (set by the original constructor) runs in
 * the creator's context; `contextOf(created, n)` may add to it for the n-th
 * re-dispatch (the retry handler states the resend number there).
 */
export function bindRedispatch<C extends HandlerClass>(Original: C, contextOf: (created: Context, n: number) => Context = (c) => c): C {
  if (typeof Original !== 'function' || (Original as unknown as Record<symbol, unknown>)[BOUND]) return Original;
  const Bound = class extends (Original as HandlerClass) {
    constructor(...args: never[]) {
      super(...args);
      try {
        const dispatch = this.dispatch;
        if (typeof dispatch !== 'function') return;
        const created = context.active();
        let n = 0;
        // The first attempt goes straight to the dispatcher; every call of this.dispatch is a re-send.
        this.dispatch = function boundRedispatch(this: unknown, o: unknown, h: unknown) {
          n++;
          return context.with(contextOf(created, n), () => dispatch.call(this, o, h));
        };
      } catch {
        /* keep undici's own behaviour */
      }
    }
  };
  Object.defineProperty(Bound, 'name', { value: Original.name });
  (Bound as unknown as Record<symbol, unknown>)[BOUND] = true;
  return Bound as unknown as C;
}

/** Enables (on construction) a hook replacing the handler class undici's file exports with `bind(exports)`; `file` is its name in lib/handler/ (undici 5: `v5File`). */
export function hookUndiciHandler(library: string, file: string, v5File: string, bind: (exports: HandlerClass) => HandlerClass): InstrumentationBase {
  class UndiciHandlerInstrumentation extends InstrumentationBase {
    constructor() {
      super(...botanuScope(library), {});
    }

    protected init() {
      const same = (exports: HandlerClass) => exports;
      const hooks = [
        new InstrumentationNodeModuleFile(`undici/lib/handler/${file}`, [V6_8], bind, same),
        new InstrumentationNodeModuleFile(`undici/lib/handler/${v5File}`, [V5], bind, same),
      ];
      return [new InstrumentationNodeModuleDefinition('undici', [V5, V6_8], undefined, undefined, hooks)];
    }
  }
  return new UndiciHandlerInstrumentation();
}

/** RedirectHandler (interceptors.redirect, maxRedirections): each redirect in its caller's context. */
export function hookUndiciRedirectHandler(): InstrumentationBase {
  return hookUndiciHandler('undici-redirect', 'redirect-handler.js', 'RedirectHandler.js', (exports) => bindRedispatch(exports));
}
