// undici's RetryHandler (behind RetryAgent and interceptors.retry) re-dispatches
// from inside socket callbacks. On a pooled keep-alive connection those run in
// the async context of whichever request opened the socket, so without this a
// retry's span can land under ANOTHER run (measured: the third attempt of run B
// parented to run A). Each handler's re-dispatch runs in the context it was
// created in (caller-context/undici-redispatch.ts), with the resend number
// stated there (an explicit attempt marker).
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { withResendCount } from './attempt-markers';
import { botanuScope } from '../../agent/for-instrumentations';
import { bindRedispatch } from '../caller-context/undici-redispatch';

type RetryHandlerClass = new (opts: unknown, handlers: unknown) => { dispatch?: (opts: unknown, handler: unknown) => unknown };

const VERSIONS = ['>=6.0.0 <9'];

/** A subclass whose re-dispatches run in the creator's context, numbered 1, 2, ... */
export function bindRetryHandler(Original: RetryHandlerClass): RetryHandlerClass {
  return bindRedispatch(Original, withResendCount);
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
