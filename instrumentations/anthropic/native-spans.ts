// The Anthropic SDK (0.134.0+) traces its own calls: spans of scope
// com.anthropic.sdk.typescript with the GenAI attributes, usage included. This
// processor adds, just before such a span ends, the same cost attributes our
// own GenAI spans carry, so every LLM span reads the same whoever made it:
// botanu.usage.* names, the semconv cache-creation name, finish reasons,
// streaming flag, attempts (from the SDK's own resend count), missing usage.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import * as A from '../genai/semconv';

// Every span passes here as it ends: a prefix check, no regex.
const SCOPE = 'com.anthropic.sdk.typescript';

export class AnthropicNativeSpans implements SpanProcessor {
  onStart(_span: Span, _ctx: Context): void {}

  onEnding(span: Span): void {
    try {
      const scope = span.instrumentationScope?.name;
      if (typeof scope !== 'string' || !scope.startsWith(SCOPE)) return;
      // Every span ends through here: the rest is in its own function so that
      // its closure is made only for Anthropic's spans, not at every entry.
      completeChatSpan(span);
    } catch {
      /* never reach the app */
    }
  }

  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Fills in what an Anthropic SDK chat span leaves out (the botanu usage fields, finish reasons, attempts). */
function completeChatSpan(span: Span): void {
  const a = span.attributes;
  if (a[A.ATTR_GEN_AI_OPERATION_NAME] !== A.GEN_AI_OPERATION.CHAT) return;
  const copy = (from: string, ...to: string[]) => {
    if (typeof a[from] === 'number') for (const k of to) if (a[k] === undefined) span.setAttribute(k, a[from] as number);
  };
  copy(A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, A.ATTR_BOTANU_USAGE_CACHE_READ_TOKENS);
  copy('gen_ai.usage.cache_write.input_tokens', A.ATTR_BOTANU_USAGE_CACHE_WRITE_TOKENS, A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS);
  copy(A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, A.ATTR_BOTANU_USAGE_REASONING_TOKENS);
  const stop = a['anthropic.message.stop_reason'];
  if (typeof stop === 'string' && a[A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS] === undefined) span.setAttribute(A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [stop]);
  span.setAttribute(A.ATTR_BOTANU_REQUEST_STREAMING, a[A.ATTR_GEN_AI_REQUEST_STREAM] === true);
  if (a['http.request.method'] !== undefined) span.setAttribute(A.ATTR_BOTANU_REQUEST_ATTEMPTS, 1 + (typeof a['http.request.resend_count'] === 'number' ? (a['http.request.resend_count'] as number) : 0));
  if (typeof a[A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] !== 'number') span.setAttribute(A.ATTR_BOTANU_USAGE_MISSING, true);
}
