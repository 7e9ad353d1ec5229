// Global fetch and undici client spans (diagnostics_channel based, no patching):
// Node's bundled undici and the undici package publish on the same channels.
// Every attempt is its own CLIENT span; the hooks count attempts and number
// re-sent requests (see retry/attempt-recorder.ts). Each request is made in its
// caller's context even when undici sends it later: queued behind busy pool
// connections (caller-context/undici-pool-queue.ts), re-sent by its
// RetryHandler (retry/undici-retry-handler.ts) or RedirectHandler
// (caller-context/undici-redispatch.ts).
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { UndiciPoolQueueInstrumentation } from './caller-context/undici-pool-queue';
import { hookUndiciRedirectHandler } from './caller-context/undici-redispatch';
import { undiciRequestHook, undiciResponseHook, watchUndiciErrors } from './retry/undici-attempts';
import { hookUndiciRetryHandler } from './retry/undici-retry-handler';

export function createUndiciInstrumentation() {
  watchUndiciErrors();
  // Enabled on construction: they hook require('undici') files.
  hookUndiciRetryHandler();
  hookUndiciRedirectHandler();
  new UndiciPoolQueueInstrumentation();
  return new UndiciInstrumentation({
    requestHook: undiciRequestHook,
    responseHook: undiciResponseHook,
  });
}
