// Reads each wire format's answer into the GenAI span: the JSON values the body
// carried (a whole body, or each streamed event) go to a reader per format.
// OpenAI, Anthropic, Gemini and Bedrock answers are read by the same readers
// their SDK-level instrumentations use, so a call reads the same whichever
// layer recorded it; Cohere v2, Ollama and Groq's x_groq usage are read here.
import type { GenAiCall, GenAiUsage } from '../genai/genai-call';
import type { GenAiStreamReader } from '../genai/call-shape';
import { chatStreamReader, recordCompletion, recordResponse, responseStreamReader } from '../openai/responses';
import { messageStreamReader, recordMessage } from '../anthropic/messages';
import { geminiStreamReader } from '../google-genai/utils';
import { converseUsage, familyOf, invokeResult } from '../bedrock/utils';
import type { BodyMode } from './body-events';
import type { LlmEndpoint } from './endpoints';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object';
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** Values in (a JSON array counts as its items), one read per value. */
function each(read: (v: Obj) => void, done?: () => void): GenAiStreamReader {
  return {
    chunk: (v) => {
      if (Array.isArray(v)) v.forEach((x) => isObj(x) && read(x));
      else if (isObj(v)) read(v);
    },
    done,
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

/** Bedrock InvokeModel reports the counts in headers for every model family. */
export function bedrockHeaderUsage(headers: { get(name: string): string | null }): GenAiUsage | undefined {
  const i = headers.get('x-amzn-bedrock-input-token-count');
  const o = headers.get('x-amzn-bedrock-output-token-count');
  if (i === null && o === null) return undefined;
  return { inputTokens: i === null ? undefined : Number(i), outputTokens: o === null ? undefined : Number(o) };
}

/** OpenAI-style chunks; Groq streams its usage in x_groq.usage instead of usage. */
function chatChunks(call: GenAiCall): GenAiStreamReader {
  const chat = chatStreamReader(call);
  return {
    chunk(v) {
      chat.chunk?.(v);
      // The same reader takes Groq's usage, as the chunk field it knows.
      if (isObj(v) && isObj(v.x_groq) && isObj(v.x_groq.usage)) chat.chunk?.({ usage: v.x_groq.usage });
    },
    done: chat.done,
  };
}

/** How to read one answer of `ep` arriving as `mode`; the caller ends the call after `done`. */
export function wireReader(call: GenAiCall, ep: LlmEndpoint, mode: BodyMode, model: string | undefined): GenAiStreamReader {
  const streamed = mode !== 'json';
  switch (ep.format) {
    case 'openai-chat':
    case 'openai-completion':
    case 'openai-embeddings':
      return streamed ? chatChunks(call) : each((v) => recordCompletion(call, v));
    case 'openai-responses':
      return streamed ? responseStreamReader(call) : each((v) => recordResponse(call, v));
    case 'anthropic-messages':
      return streamed ? messageStreamReader(call) : each((v) => recordMessage(call, v));
    case 'gemini': {
      // A whole response, an SSE stream, or (without alt=sse) a JSON array of chunks: each is a chunk.
      const g = geminiStreamReader(call);
      return each((v) => g.chunk?.(v), g.done);
    }
    case 'cohere-chat':
      return each((v) => readCohere(call, v));
    case 'ollama':
      return each((v) => readOllama(call, v));
    case 'bedrock-converse':
      return each((v) => {
        call.usage(converseUsage(v.usage));
        if (typeof v.stopReason === 'string') call.response({ finishReasons: [v.stopReason] });
      });
    case 'bedrock-invoke':
      return each((v) => {
        const r = invokeResult(familyOf(model), v);
        call.response(r.response);
        if (r.usage && (r.usage.inputTokens !== undefined || r.usage.outputTokens !== undefined)) call.usage(r.usage);
      });
  }
}
