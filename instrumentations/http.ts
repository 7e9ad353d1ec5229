// node:http / node:https client and server spans. Every outgoing request is its
// own CLIENT span; the hooks count attempts and number re-sent requests
// (see retry/attempt-recorder.ts).
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { isVendorTelemetryRequest } from '../agent/for-instrumentations';
import { httpRequestHook, httpResponseHook } from './retry/http-attempts';
import { llmRequestHook, llmResponseHook } from './llm-http/node-http-wire';

export function createHttpInstrumentation() {
  return new HttpInstrumentation({
    // Outgoing calls made outside any request (a worker, a cron job) are part of a run too.
    requireParentforOutgoingSpans: false,
    // dd-trace's and Sentry's own exports are their plumbing, not the app's work.
    ignoreOutgoingRequestHook: isVendorTelemetryRequest,
    // Its own partial list (sig, X-Amz-Signature, ...) is off: URL credentials have
    // one rule for every instrumentation, applied as each span ends (agent/export/span-redactor.ts).
    redactedQueryParams: [],
    redactedQueryParamsServer: [],
    requestHook: (span, request) => {
      httpRequestHook(span, request);
      llmRequestHook(span, request); // an LLM API call gets its GenAI span (llm-http)
    },
    responseHook: (span, response) => {
      httpResponseHook(span, response);
      if (!('setHeader' in response)) llmResponseHook(span, response);
    },
  });
}
