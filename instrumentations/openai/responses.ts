// Reads what the GenAI span needs from OpenAI response bodies and stream
// events, field names as in the SDK's own types (ChatCompletion,
// ChatCompletionChunk, Response, ResponseStreamEvent, CreateEmbeddingResponse).
import type { GenAiCall, GenAiUsage } from '../genai/genai-call';
import type { GenAiStreamReader } from '../genai/call-shape';
import { ATTR_ERROR_TYPE } from '../genai/semconv';
import { contentCapture } from '../genai/content-capture';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object';

/** OpenAI's usage objects: the input count includes the cached tokens, the output count the reasoning ones. */
function usageOf(u: unknown, input: string, output: string): GenAiUsage | undefined {
  if (!isObj(u)) return undefined;
  return {
    inputTokens: u[input],
    outputTokens: u[output],
    cacheReadTokens: u[`${input}_details`]?.cached_tokens,
    reasoningTokens: u[`${output}_details`]?.reasoning_tokens,
  };
}

/** CompletionUsage (chat, legacy completions, embeddings). */
const completionUsage = (u: unknown) => usageOf(u, 'prompt_tokens', 'completion_tokens');

/** ResponseUsage (Responses API). */
const responseUsage = (u: unknown) => usageOf(u, 'input_tokens', 'output_tokens');

function finishReasons(choices: unknown): string[] {
  return Array.isArray(choices) ? choices.map((c) => (isObj(c) ? c.finish_reason : undefined)).filter((r): r is string => typeof r === 'string') : [];
}

/** ChatCompletion / Completion / CreateEmbeddingResponse. */
export function recordCompletion(call: GenAiCall, data: unknown): void {
  if (!isObj(data)) return;
  call.response({ id: data.id, model: data.model, finishReasons: finishReasons(data.choices) });
  call.usage(completionUsage(data.usage));
  if (Array.isArray(data.choices)) call.recordOutput(data.choices.map((c: Obj) => c?.message ?? c?.text));
}

function responseFinish(r: Obj): string[] {
  const reason = r.incomplete_details?.reason ?? r.status;
  return typeof reason === 'string' ? [reason] : [];
}

/** Response (Responses API). A failed response carries its error in the body, not as an HTTP error. */
export function recordResponse(call: GenAiCall, r: unknown): void {
  if (!isObj(r)) return;
  call.response({ id: r.id, model: r.model, finishReasons: responseFinish(r) });
  call.usage(responseUsage(r.usage));
  call.recordOutput(r.output);
  if (r.status === 'failed' && isObj(r.error)) call.setAttributes({ [ATTR_ERROR_TYPE]: String(r.error.code ?? 'response_failed') });
}

/** ChatCompletionChunk stream: usage only in the final chunk, and only with stream_options.include_usage. */
export function chatStreamReader(call: GenAiCall): GenAiStreamReader {
  const reasons: string[] = [];
  let text: string[] | undefined = contentCapture().enabled ? [] : undefined;
  let seenId = false;
  return {
    chunk(chunk) {
      if (!isObj(chunk)) return;
      if (!seenId && chunk.id) {
        seenId = true;
        call.response({ id: chunk.id, model: chunk.model });
      }
      if (Array.isArray(chunk.choices)) {
        for (const c of chunk.choices) {
          if (!isObj(c)) continue;
          if (typeof c.finish_reason === 'string') reasons[c.index ?? 0] = c.finish_reason;
          if (text && typeof c.delta?.content === 'string') text[c.index ?? 0] = (text[c.index ?? 0] ?? '') + c.delta.content;
        }
      }
      if (isObj(chunk.usage)) call.usage(completionUsage(chunk.usage));
    },
    done() {
      call.response({ finishReasons: reasons.filter(Boolean) });
      if (text) call.recordOutput(text.map((content) => ({ role: 'assistant', content })));
      text = undefined;
    },
  };
}

/** ResponseStreamEvent stream: the final response.completed / .incomplete / .failed event carries usage. */
export function responseStreamReader(call: GenAiCall): GenAiStreamReader {
  return {
    chunk(event) {
      if (!isObj(event) || !isObj(event.response)) return;
      if (event.type === 'response.created') call.response({ id: event.response.id, model: event.response.model });
      else if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') recordResponse(call, event.response);
    },
  };
}
