// Reading Gemini's request and response shapes into GenAI span fields. Shared
// by @google/genai and @google-cloud/vertexai: both speak the same
// GenerateContentRequest / GenerateContentResponse JSON.
import type { Attributes } from '@opentelemetry/api';
import type { GenAiCall, GenAiResponse, GenAiUsage } from '../genai/genai-call';
import type { GenAiStreamReader } from '../genai/call-shape';
import { contentCapture } from '../genai/content-capture';
import { requestAttributes } from '../genai/request-attributes';

interface UsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

function n(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function sum(...parts: (number | undefined)[]): number | undefined {
  const present = parts.filter((p): p is number => p !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Gemini's usageMetadata as GenAI usage. promptTokenCount already includes the
 * cached tokens (cachedContentTokenCount is a subset); candidatesTokenCount does
 * NOT include thinking, which is billed as output, so output = candidates + thoughts.
 */
function geminiUsage(meta: unknown): GenAiUsage | undefined {
  if (!meta || typeof meta !== 'object') return undefined;
  const u = meta as UsageMetadata;
  const thoughts = n(u.thoughtsTokenCount);
  const candidates = n(u.candidatesTokenCount);
  return {
    inputTokens: sum(n(u.promptTokenCount), n(u.toolUsePromptTokenCount)),
    // A chunk before the last may carry the prompt count only; output stays unknown then.
    outputTokens: candidates === undefined && thoughts === undefined ? undefined : sum(candidates, thoughts),
    cacheReadTokens: n(u.cachedContentTokenCount),
    reasoningTokens: thoughts,
  };
}

/** Copies the numbers now: the SDK may later mutate the chunk's usageMetadata in place. */
function snapshotUsage(meta: unknown): GenAiUsage | undefined {
  const u = geminiUsage(meta);
  return u ? { ...u } : undefined;
}

function geminiResponse(resp: unknown): GenAiResponse | undefined {
  if (!resp || typeof resp !== 'object') return undefined;
  const r = resp as { responseId?: unknown; modelVersion?: unknown; candidates?: { finishReason?: unknown }[] };
  const reasons = Array.isArray(r.candidates) ? r.candidates.map((c) => c?.finishReason).filter((x): x is string => typeof x === 'string') : [];
  return {
    id: typeof r.responseId === 'string' ? r.responseId : undefined,
    model: typeof r.modelVersion === 'string' ? r.modelVersion : undefined,
    finishReasons: reasons.length ? reasons : undefined,
  };
}

/** `models/gemini-x` and `publishers/google/models/gemini-x` both name model `gemini-x`. */
export function modelName(model: unknown): string | undefined {
  if (typeof model !== 'string' || !model) return undefined;
  const i = model.lastIndexOf('/models/');
  if (i >= 0) return model.slice(i + 8);
  return model.startsWith('models/') ? model.slice(7) : model;
}

/** gen_ai.request.* from a GenerationConfig (the SDKs' `config` / `generationConfig`). */
export function generationAttributes(cfg: unknown): Attributes {
  return requestAttributes(cfg, GENERATION_FIELDS);
}

const GENERATION_FIELDS = {
  'gen_ai.request.temperature': 'temperature',
  'gen_ai.request.top_p': 'topP',
  'gen_ai.request.top_k': 'topK',
  'gen_ai.request.max_tokens': 'maxOutputTokens',
  'gen_ai.request.choice.count': 'candidateCount',
  'gen_ai.request.seed': 'seed',
  'gen_ai.request.stop_sequences': 'stopSequences',
};

/** The request's contents (and system instruction), when content capture is on: scrubbed, truncated. */
export function captureInput(call: GenAiCall, contents: unknown, systemInstruction?: unknown): void {
  if (contentCapture().enabled) call.recordInput(systemInstruction ? { systemInstruction, contents } : contents);
}

/** The candidates' content of a whole response, when content capture is on. */
function captureOutput(call: GenAiCall, resp: unknown): void {
  if (!contentCapture().enabled) return;
  const candidates = (resp as { candidates?: { content?: unknown }[] } | undefined)?.candidates;
  if (Array.isArray(candidates)) call.recordOutput(candidates.map((c) => c?.content));
}

/** A whole GenerateContentResponse: response metadata, usage, output. */
export function recordGeminiResponse(call: GenAiCall, resp: unknown): void {
  call.response(geminiResponse(resp));
  call.usage(geminiUsage((resp as { usageMetadata?: unknown } | undefined)?.usageMetadata));
  captureOutput(call, resp);
}

/** Text of a streamed chunk's first candidate (for capture, which joins the chunks). */
function chunkText(chunk: unknown): string {
  const parts = (chunk as { candidates?: { content?: { parts?: { text?: unknown }[] } }[] } | undefined)?.candidates?.[0]?.content?.parts;
  return Array.isArray(parts) ? parts.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('') : '';
}

/** A stream of GenerateContentResponse chunks. */
export function geminiStreamReader(call: GenAiCall): GenAiStreamReader {
  let usage: GenAiUsage | undefined;
  let text = contentCapture().enabled ? '' : undefined;
  return {
    chunk(chunk) {
      if (text !== undefined) text += chunkText(chunk);
      call.response(geminiResponse(chunk));
      // Each chunk's usageMetadata is the running total of this request: the last one wins.
      const u = snapshotUsage((chunk as { usageMetadata?: unknown } | undefined)?.usageMetadata);
      if (u) usage = u;
    },
    done() {
      call.usage(usage);
      if (text) captureOutput(call, { candidates: [{ content: { role: 'model', parts: [{ text }] } }] });
    },
  };
}
