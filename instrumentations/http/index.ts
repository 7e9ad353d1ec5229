// node:http / node:https client and server spans (./instrumentation.ts).
// Every outgoing request is its own CLIENT span; the hooks count attempts and
// number re-sent requests (see retry/attempt-recorder.ts), and give an LLM API
// call made over node:http its GenAI span (llm-http).
import { isVendorTelemetryRequest } from '../../agent/for-instrumentations';
import { httpRequestHook, httpResponseHook } from '../retry/http-attempts';
import { llmRequestHook, llmResponseHook } from '../llm-http/node-http-wire';
import { BotanuHttpInstrumentation } from './instrumentation';

export function createHttpInstrumentation() {
  return new BotanuHttpInstrumentation({
    // dd-trace's and Sentry's own exports are their plumbing, not the app's work.
    ignore: isVendorTelemetryRequest,
    request: (span, request, ctx) => {
      httpRequestHook(span, request, ctx);
      llmRequestHook(span, request, ctx); // an LLM API call gets its GenAI span (llm-http)
    },
    response: (span, response, ctx) => {
      httpResponseHook(span, response);
      llmResponseHook(span, response, ctx);
    },
  });
}
