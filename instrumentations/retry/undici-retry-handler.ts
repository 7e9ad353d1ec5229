// undici's RetryHandler (behind RetryAgent and interceptors.retry) re-dispatches
// from inside socket callbacks. On a pooled keep-alive connection those run in
// the async context of whichever request opened the socket, so without this a
// retry's span can land under ANOTHER run (measured: the third attempt of run B
// parented to run A). We bind each handler's re-dispatch to the context it was
// created in, and state the resend number there (an explicit attempt marker).
import { context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { withResendCount } from './attempt-markers';
import { botanuScope } from '../../agent/for-instrumentations';

type Dispatch = (opts: unknown, handler: unknown) => unknown;
type RetryHandlerClass = new (opts: unknown, handlers: { dispatch?: Dispatch; handler?: unknown }) => { dispatch?: Dispatch };

const PATCHED = Symbol.for('botanu.undici.retry-handler.bound');
const VERSIONS = ['>=6.0.0 <9'];

/** A subclass whose re-dispatches run in the creator's context, numbered 1, 2, ... */
export function bindRetryHandler(Original: RetryHandlerClass): RetryHandlerClass {
  if (typeof Original !== 'function' || (Original as unknown as Record<symbol, unknown>)[PATCHED]) return Original;
  const Bound = class extends Original {
    constructor(opts: unknown, handlers: { dispatch?: Dispatch; handler?: unknown }) {
      super(opts, handlers);
      try {
        const dispatch = this.dispatch;
        if (typeof dispatch !== 'function') return;
        const created = context.active();
        let resends = 0;
        // The first attempt goes straight to the agent; every call of this.dispatch is a re-send.
        this.dispatch = function boundRetryDispatch(this: unknown, o: unknown, h: unknown) {
          resends++;
          return context.with(withResendCount(created, resends), () => dispatch.call(this, o, h));
        };
      } catch {
        /* keep undici's own behaviour */
      }
    }
  };
  Object.defineProperty(Bound, 'name', { value: Original.name });
  (Bound as unknown as Record<symbol, unknown>)[PATCHED] = true;
  return Bound;
}

export class UndiciRetryHandlerInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('undici-retry'), {});
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile(
      'undici/lib/handler/retry-handler.js',
      VERSIONS,
      (exports: RetryHandlerClass) => bindRetryHandler(exports),
      (exports: RetryHandlerClass) => exports,
    );
    return [new InstrumentationNodeModuleDefinition('undici', VERSIONS, undefined, undefined, [file])];
  }
}
