// Global fetch and undici client spans (diagnostics_channel based, no patching):
// Node's bundled undici and the undici package publish on the same channels.
// Every attempt is its own CLIENT span; the hooks count attempts and number
// re-sent requests (see retry/attempt-recorder.ts), and undici's RetryHandler
// is bound to its caller's context (see retry/undici-retry-handler.ts).
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { undiciRequestHook, undiciResponseHook, watchUndiciErrors } from './retry/undici-attempts';
import { UndiciRetryHandlerInstrumentation } from './retry/undici-retry-handler';

export function createUndiciInstrumentation() {
  watchUndiciErrors();
  new UndiciRetryHandlerInstrumentation(); // enabled on construction: hooks require('undici')
  return new UndiciInstrumentation({
    requestHook: undiciRequestHook,
    responseHook: undiciResponseHook,
  });
}
