// Reads what the GenAI span needs from Anthropic Messages bodies and stream
// events, field names as in the SDK's own types (Message, Usage,
// RawMessageStreamEvent, MessageDeltaUsage).
import type { GenAiCall, GenAiUsage } from '../genai/genai-call';
import type { GenAiStreamReader } from '../genai/call-shape';
import { contentCapture } from '../genai/content-capture';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object';
const n = (x: unknown) => (typeof x === 'number' ? x : 0);

/**
 * Anthropic reports input_tokens WITHOUT the cached parts; the GenAI convention's
 * input_tokens is the total, so the three are summed (cache reads/writes stay
 * available separately, and are billed at their own rates).
 */
function messageUsage(u: unknown): GenAiUsage | undefined {
  if (!isObj(u) || typeof u.input_tokens !== 'number') return undefined;
  return {
    inputTokens: n(u.input_tokens) + n(u.cache_read_input_tokens) + n(u.cache_creation_input_tokens),
    outputTokens: u.output_tokens,
    cacheReadTokens: u.cache_read_input_tokens ?? undefined,
    cacheWriteTokens: u.cache_creation_input_tokens ?? undefined,
    reasoningTokens: u.output_tokens_details?.thinking_tokens,
  };
}

export function recordMessage(call: GenAiCall, m: unknown): void {
  if (!isObj(m)) return;
  call.response({ id: m.id, model: m.model, finishReasons: typeof m.stop_reason === 'string' ? [m.stop_reason] : [] });
  call.usage(messageUsage(m.usage));
  call.recordOutput(m.content);
}

/**
 * RawMessageStreamEvent stream: message_start carries the input-side usage and a
 * placeholder output count; message_delta the final output count (and final
 * totals where the API sends them). Cut short before message_delta, the usage is
 * incomplete and marked so.
 */
export function messageStreamReader(call: GenAiCall): GenAiStreamReader {
  let usage: Obj | undefined;
  let final = false;
  let stopReason: string | undefined;
  let text: string | undefined = contentCapture().enabled ? '' : undefined;
  return {
    chunk(event) {
      if (!isObj(event)) return;
      switch (event.type) {
        case 'message_start':
          if (isObj(event.message)) {
            call.response({ id: event.message.id, model: event.message.model });
            usage = { ...event.message.usage };
          }
          break;
        case 'message_delta':
          if (isObj(event.usage)) {
            usage = { ...usage };
            for (const [k, v] of Object.entries(event.usage)) if (v !== null && v !== undefined) usage[k] = v;
            final = true;
          }
          if (typeof event.delta?.stop_reason === 'string') stopReason = event.delta.stop_reason;
          break;
        case 'content_block_delta':
          if (text !== undefined && typeof event.delta?.text === 'string') text += event.delta.text;
          break;
      }
    },
    done() {
      if (usage) {
        const u = messageUsage(usage);
        call.usage(final ? u : { ...u, outputTokens: undefined, reasoningTokens: undefined });
        if (!final) call.markUsageIncomplete();
      }
      if (stopReason) call.response({ finishReasons: [stopReason] });
      if (text !== undefined) call.recordOutput([{ type: 'text', text }]);
      text = undefined;
    },
  };
}
