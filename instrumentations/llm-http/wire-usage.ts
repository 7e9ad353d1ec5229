// Reads each wire format's answer into the GenAI span: the JSON values the body
// carried (a whole body, or each streamed event) go to an observer per format.
// OpenAI, Anthropic, Gemini and Bedrock answers are read by the same functions
// their SDK-level instrumentations use, so a call reads the same whichever
// layer recorded it; Cohere v2 and Ollama are read here.
import type { GenAiCall, GenAiUsage } from '../genai/genai-call';
import type { StreamEnd, StreamObserver } from '../genai/stream-span';
import { chatStreamObserver, completionUsage, recordCompletion, recordResponse, responseStreamObserver } from '../openai/responses';
import { messageStreamObserver, recordMessage } from '../anthropic/messages';
import { geminiResponse, snapshotUsage } from '../google-genai/utils';
import { converseUsage, familyOf, invokeResult } from '../bedrock/utils';
import type { BodyMode } from './body-events';
import type { LlmEndpoint } from './endpoints';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object';
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

function ender(call: GenAiCall, signal: AbortSignal | undefined) {
  return (end: StreamEnd) => {
    if (end.kind === 'error') call.fail(end.error);
    else if (end.kind === 'cancelled' || signal?.aborted) call.cancel();
    else call.end();
  };
}

/** Values in, one reader per value; the call ends with the body. */
function each(call: GenAiCall, signal: AbortSignal | undefined, read: (v: Obj) => void): StreamObserver<unknown> {
  return {
    onChunk: (v) => {
      if (Array.isArray(v)) v.forEach((x) => isObj(x) && read(x));
      else if (isObj(v)) read(v);
    },
    onEnd: ender(call, signal),
  };
}

/** Cohere v2 Usage: billed_units is what is charged; tokens what the model used. */
function cohereUsage(u: unknown): GenAiUsage | undefined {
  if (!isObj(u)) return undefined;
  const t = isObj(u.billed_units) ? u.billed_units : isObj(u.tokens) ? u.tokens : undefined;
  return t ? { inputTokens: num(t.input_tokens), outputTokens: num(t.output_tokens), cacheReadTokens: num(u.cached_tokens) } : undefined;
}

function readCohere(call: GenAiCall, v: Obj): void {
  // A whole ChatResponse, or the stream's message-start / message-end events.
  if (v.type === 'message-start') return call.response({ id: v.id });
  const end = v.type === 'message-end' ? v.delta : v;
  if (!isObj(end)) return;
  if (typeof end.id === 'string') call.response({ id: end.id });
  if (typeof end.finish_reason === 'string') call.response({ finishReasons: [end.finish_reason] });
  call.usage(cohereUsage(end.usage));
}

/** Ollama: the final object (done: true) counts the prompt and the generated tokens. */
function readOllama(call: GenAiCall, v: Obj): void {
  if (typeof v.model === 'string') call.response({ model: v.model });
  if (v.done === false) return;
  if (typeof v.done_reason === 'string') call.response({ finishReasons: [v.done_reason] });
  if (num(v.prompt_eval_count) !== undefined || num(v.eval_count) !== undefined) call.usage({ inputTokens: num(v.prompt_eval_count), outputTokens: num(v.eval_count) ?? 0 });
}

function readGemini(call: GenAiCall, v: Obj): void {
  call.response(geminiResponse(v));
  // Each streamed chunk carries the totals so far: the last one wins.
  if (isObj(v.usageMetadata)) call.usage(snapshotUsage(v.usageMetadata));
}

/** Bedrock InvokeModel reports the counts in headers for every model family. */
export function bedrockHeaderUsage(headers: { get(name: string): string | null }): GenAiUsage | undefined {
  const i = headers.get('x-amzn-bedrock-input-token-count');
  const o = headers.get('x-amzn-bedrock-output-token-count');
  if (i === null && o === null) return undefined;
  return { inputTokens: i === null ? undefined : Number(i), outputTokens: o === null ? undefined : Number(o) };
}

/** How to read one answer of `ep` arriving as `mode`. */
export function wireObserver(call: GenAiCall, ep: LlmEndpoint, mode: BodyMode, model: string | undefined, signal: AbortSignal | undefined): StreamObserver<unknown> {
  const streamed = mode !== 'json';
  switch (ep.format) {
    case 'openai-chat':
    case 'openai-completion':
    case 'openai-embeddings': {
      if (!streamed) return each(call, signal, (v) => recordCompletion(call, v));
      const chat = chatStreamObserver(call, signal);
      return {
        onChunk(v) {
          chat.onChunk?.(v);
          // Groq streams its usage in x_groq.usage.
          if (isObj(v) && isObj(v.x_groq) && isObj(v.x_groq.usage)) call.usage(completionUsage(v.x_groq.usage));
        },
        onEnd: chat.onEnd,
      };
    }
    case 'openai-responses':
      return streamed ? responseStreamObserver(call, signal) : each(call, signal, (v) => recordResponse(call, v));
    case 'anthropic-messages':
      return streamed ? messageStreamObserver(call, signal) : each(call, signal, (v) => recordMessage(call, v));
    case 'gemini':
      return each(call, signal, (v) => readGemini(call, v));
    case 'cohere-chat':
      return each(call, signal, (v) => readCohere(call, v));
    case 'ollama':
      return each(call, signal, (v) => readOllama(call, v));
    case 'bedrock-converse':
      return each(call, signal, (v) => {
        call.usage(converseUsage(v.usage));
        if (typeof v.stopReason === 'string') call.response({ finishReasons: [v.stopReason] });
      });
    case 'bedrock-invoke':
      return each(call, signal, (v) => {
        const r = invokeResult(familyOf(model), v);
        call.response(r.response);
        if (r.usage && (r.usage.inputTokens !== undefined || r.usage.outputTokens !== undefined)) call.usage(r.usage);
      });
  }
}
