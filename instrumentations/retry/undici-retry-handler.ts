// undici's RetryHandler (behind RetryAgent and interceptors.retry) re-dispatches
// from inside socket callbacks. On a pooled keep-alive connection those run in
// the async context of whichever request opened the socket, so without this a
// retry's span can land under ANOTHER run (measured: the third attempt of run B
// parented to run A). Each handler's re-dispatch runs in the context it was
// created in (caller-context/undici-redispatch.ts), with the resend number
// stated there (an explicit attempt marker).
import type { InstrumentationBase } from '@opentelemetry/instrumentation';
import { withResendCount } from './attempt-markers';
import { bindRedispatch, hookUndiciHandler } from '../caller-context/undici-redispatch';

/** RetryHandler (RetryAgent, interceptors.retry): each retry in its caller's context, numbered 1, 2, ... */
export function hookUndiciRetryHandler(): InstrumentationBase {
  return hookUndiciHandler('undici-retry', 'retry-handler.js', 'RetryHandler.js', (exports) => bindRedispatch(exports, withResendCount));
}
