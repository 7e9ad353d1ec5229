// Reading Gemini's request and response shapes into GenAI span fields. Shared
// by @google/genai and @google-cloud/vertexai: both speak the same
// GenerateContentRequest / GenerateContentResponse JSON.
import type { Attributes } from '@opentelemetry/api';
import type { GenAiCall, GenAiResponse, GenAiUsage } from '../genai/genai-call';
import { capturedContent, contentCapture } from '../genai/content-capture';
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES } from '../genai/semconv';

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
export function geminiUsage(meta: unknown): GenAiUsage | undefined {
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
export function snapshotUsage(meta: unknown): GenAiUsage | undefined {
  const u = geminiUsage(meta);
  return u ? { ...u } : undefined;
}

export function geminiResponse(resp: unknown): GenAiResponse | undefined {
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
  const out: Attributes = {};
  if (!cfg || typeof cfg !== 'object') return out;
  const c = cfg as Record<string, unknown>;
  const num = (k: string, attr: string) => {
    if (typeof c[k] === 'number') out[attr] = c[k] as number;
  };
  num('temperature', 'gen_ai.request.temperature');
  num('topP', 'gen_ai.request.top_p');
  num('topK', 'gen_ai.request.top_k');
  num('maxOutputTokens', 'gen_ai.request.max_tokens');
  num('candidateCount', 'gen_ai.request.choice.count');
  num('seed', 'gen_ai.request.seed');
  if (Array.isArray(c.stopSequences)) out['gen_ai.request.stop_sequences'] = c.stopSequences.filter((s) => typeof s === 'string');
  return out;
}

/** host and port of a base URL, for server.address / server.port. */
export function serverOf(url: unknown): { serverAddress?: string; serverPort?: number } {
  if (typeof url !== 'string' || !url) return {};
  try {
    const u = new URL(url.includes('://') ? url : `https://${url}`);
    return { serverAddress: u.hostname, serverPort: u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443 };
  } catch {
    return {};
  }
}

/** The request's contents (and system instruction), when content capture is on: scrubbed, truncated. */
export function captureInput(call: GenAiCall, contents: unknown, systemInstruction?: unknown): void {
  if (!contentCapture().enabled) return;
  const input = capturedContent(systemInstruction ? { systemInstruction, contents } : contents);
  if (input) call.setAttributes({ [ATTR_GEN_AI_INPUT_MESSAGES]: input });
}

/** The candidates' content of a whole response, when content capture is on. */
export function captureOutput(call: GenAiCall, resp: unknown): void {
  if (!contentCapture().enabled) return;
  const candidates = (resp as { candidates?: { content?: unknown }[] } | undefined)?.candidates;
  const out = Array.isArray(candidates) ? capturedContent(candidates.map((c) => c?.content)) : undefined;
  if (out) call.setAttributes({ [ATTR_GEN_AI_OUTPUT_MESSAGES]: out });
}

/** Text of a streamed chunk's first candidate (for capture, which joins the chunks). */
export function chunkText(chunk: unknown): string {
  const parts = (chunk as { candidates?: { content?: { parts?: { text?: unknown }[] } }[] } | undefined)?.candidates?.[0]?.content?.parts;
  return Array.isArray(parts) ? parts.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('') : '';
}
