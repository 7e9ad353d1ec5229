// Exactly one span records an LLM request's usage. An SDK-level call (a GenAiCall
// of the openai, anthropic, google, bedrock… instrumentations) marks the context
// it runs the provider call in; the HTTP-level recogniser (instrumentations/
// llm-http) checks the mark and records nothing under it. A GenAI span another
// tracer keeps active around the request (the Anthropic SDK's own spans, Mistral's
// telemetry, AI SDK telemetry the app turned on) counts as recorded as well.
import { createContextKey, trace, type Context } from '@opentelemetry/api';

// Symbol.for-based: shared by every copy of this module in the process.
const RECORDED_KEY = createContextKey('botanu.genai.call-recorded');

/** The context an SDK-level GenAI call runs the provider's request in. */
export function markRecorded(ctx: Context): Context {
  return ctx.setValue(RECORDED_KEY, true);
}

interface SpanWithAttributes {
  attributes?: Record<string, unknown>;
  ended?: boolean;
}

/** Is the LLM request made in `ctx` already recorded by a span above it? */
export function isRecordedAbove(ctx: Context): boolean {
  if (ctx.getValue(RECORDED_KEY) === true) return true;
  // SDK spans (ours or the app's own SDK) expose their attributes; API-only spans do not.
  const span = trace.getSpan(ctx) as SpanWithAttributes | undefined;
  const a = span?.attributes;
  if (!a || typeof a !== 'object' || span?.ended === true) return false;
  return a['gen_ai.operation.name'] !== undefined || a['gen_ai.request.model'] !== undefined || a['gen_ai.system'] !== undefined;
}
