// Global fetch and undici client spans (diagnostics_channel based, no patching):
// Node's bundled undici and the undici package publish on the same channels
// (undici-client/instrumentation.ts: the spans @opentelemetry/instrumentation-undici
// makes, at a fraction of its cost). Every attempt is its own CLIENT span,
// counted for an enclosing LLM span and numbered when re-sent (see
// retry/attempt-recorder.ts). Each request is made in its caller's context even
// when undici sends it later: queued behind busy pool connections
// (caller-context/undici-pool-queue.ts), re-sent by its RetryHandler
// (retry/undici-retry-handler.ts) or RedirectHandler (caller-context/undici-redispatch.ts).
import { UndiciPoolQueueInstrumentation } from './caller-context/undici-pool-queue';
import { hookUndiciRedirectHandler } from './caller-context/undici-redispatch';
import { hookUndiciRetryHandler } from './retry/undici-retry-handler';
import { UndiciClientInstrumentation } from './undici-client/instrumentation';

export function createUndiciInstrumentation() {
  // Enabled on construction: they hook require('undici') files.
  hookUndiciRetryHandler();
  hookUndiciRedirectHandler();
  new UndiciPoolQueueInstrumentation();
  return new UndiciClientInstrumentation();
}
