// Reading Bedrock Runtime requests and responses into GenAI span fields.
// Converse reports one TokenUsage shape for every model; InvokeModel returns
// each model family's own body, so usage is read per family, and only from
// fields the provider sent (never estimated from text length).
import type { Attributes } from '@opentelemetry/api';
import type { GenAiResponse, GenAiUsage } from '../genai/genai-call';
import { GEN_AI_OPERATION } from '../genai/semconv';
import { requestAttributes } from '../genai/request-attributes';

function n(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Adds the parts that are present; undefined when none is. */
function total(...parts: unknown[]): number | undefined {
  const nums = parts.map(n).filter((p): p is number => p !== undefined);
  return nums.length ? nums.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Usage reported as input WITHOUT the cache reads and writes (Converse, Claude,
 * Nova): gen_ai.usage.input_tokens is the whole input, so the parts are added up.
 */
function uncachedInputUsage(u: Record<string, unknown>, input: string, output: string, cacheRead: string, cacheWrite: string): GenAiUsage {
  return {
    inputTokens: total(u[input], u[cacheRead], u[cacheWrite]),
    outputTokens: n(u[output]),
    cacheReadTokens: n(u[cacheRead]),
    cacheWriteTokens: n(u[cacheWrite]),
  };
}

/**
 * Converse / ConverseStream TokenUsage. Bedrock's inputTokens excludes the
 * cache reads and writes (totalTokens = input + output + cacheRead + cacheWrite).
 */
export function converseUsage(usage: unknown): GenAiUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  if (n(u.inputTokens) === undefined && n(u.outputTokens) === undefined) return undefined;
  return uncachedInputUsage(u, 'inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheWriteInputTokens');
}

export type ModelFamily = 'anthropic' | 'nova' | 'titan-text' | 'titan-embed' | 'llama' | 'other';

/** Works for model ids, inference profile ids (us.anthropic…) and ARNs alike. */
export function familyOf(modelId: unknown): ModelFamily {
  const id = typeof modelId === 'string' ? modelId : '';
  if (id.includes('anthropic.')) return 'anthropic';
  if (id.includes('amazon.nova')) return 'nova';
  if (id.includes('amazon.titan-embed')) return 'titan-embed';
  if (id.includes('amazon.titan')) return 'titan-text';
  if (id.includes('meta.llama')) return 'llama';
  return 'other';
}

export function invokeOperation(family: ModelFamily): string {
  if (family === 'titan-embed') return GEN_AI_OPERATION.EMBEDDINGS;
  if (family === 'titan-text' || family === 'llama') return GEN_AI_OPERATION.TEXT_COMPLETION;
  return GEN_AI_OPERATION.CHAT;
}

/** Usage and response fields from an InvokeModel response body of a known family. */
export function invokeResult(family: ModelFamily, body: unknown): { usage?: GenAiUsage; response?: GenAiResponse } {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (family) {
    case 'anthropic': {
      // Anthropic Messages: input_tokens excludes the cache reads and writes.
      return {
        usage: uncachedInputUsage(b.usage ?? {}, 'input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'),
        response: { id: typeof b.id === 'string' ? b.id : undefined, model: typeof b.model === 'string' ? b.model : undefined, finishReasons: typeof b.stop_reason === 'string' ? [b.stop_reason] : undefined },
      };
    }
    case 'nova': {
      return {
        usage: uncachedInputUsage(b.usage ?? {}, 'inputTokens', 'outputTokens', 'cacheReadInputTokenCount', 'cacheWriteInputTokenCount'),
        response: { finishReasons: typeof b.stopReason === 'string' ? [b.stopReason] : undefined },
      };
    }
    case 'titan-text': {
      const results: any[] = Array.isArray(b.results) ? b.results : []; // eslint-disable-line @typescript-eslint/no-explicit-any
      return {
        usage: { inputTokens: n(b.inputTextTokenCount), outputTokens: results.length ? total(...results.map((r) => r?.tokenCount)) : undefined },
        response: { finishReasons: results.map((r) => r?.completionReason).filter((r) => typeof r === 'string') },
      };
    }
    case 'titan-embed':
      return { usage: { inputTokens: n(b.inputTextTokenCount) } };
    case 'llama':
      return {
        usage: { inputTokens: n(b.prompt_token_count), outputTokens: n(b.generation_token_count) },
        response: { finishReasons: typeof b.stop_reason === 'string' ? [b.stop_reason] : undefined },
      };
    default:
      return {};
  }
}

/** gen_ai.request.* from Converse's inferenceConfig. */
export function inferenceAttributes(cfg: unknown): Attributes {
  return requestAttributes(cfg, {
    'gen_ai.request.max_tokens': 'maxTokens',
    'gen_ai.request.temperature': 'temperature',
    'gen_ai.request.top_p': 'topP',
    'gen_ai.request.stop_sequences': 'stopSequences',
  });
}

/** A response body (Uint8Array) as JSON, or undefined; the body itself is left as it was. */
export function parseBody(body: unknown): unknown {
  try {
    if (!(body instanceof Uint8Array)) return undefined;
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Usage of an InvokeModelWithResponseStream body, event by event. Claude's own
 * message_start / message_delta and Nova's metadata carry the cache parts; for
 * the other families Bedrock's amazon-bedrock-invocationMetrics (on the last
 * event) gives input and output.
 */
export class InvokeStreamEvents {
  private own: GenAiUsage | undefined;
  private metrics: GenAiUsage | undefined;
  readonly response: GenAiResponse = {};

  constructor(private readonly family: ModelFamily) {}

  add(event: unknown): void {
    if (!event || typeof event !== 'object') return;
    const e = event as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const m = e['amazon-bedrock-invocationMetrics'];
    if (m && typeof m === 'object') this.metrics = { inputTokens: n(m.inputTokenCount), outputTokens: n(m.outputTokenCount) };
    if (this.family === 'anthropic') {
      if (e.type === 'message_start' && e.message) {
        const r = invokeResult('anthropic', e.message);
        this.own = r.usage;
        Object.assign(this.response, { id: r.response?.id, model: r.response?.model });
      } else if (e.type === 'message_delta') {
        if (this.own && n(e.usage?.output_tokens) !== undefined) this.own = { ...this.own, outputTokens: n(e.usage.output_tokens) };
        if (typeof e.delta?.stop_reason === 'string') this.response.finishReasons = [e.delta.stop_reason];
      }
    } else if (this.family === 'nova') {
      if (e.metadata?.usage) this.own = invokeResult('nova', { usage: e.metadata.usage }).usage;
      if (typeof e.messageStop?.stopReason === 'string') this.response.finishReasons = [e.messageStop.stopReason];
    } else {
      const reason = e.completionReason ?? e.stop_reason;
      if (typeof reason === 'string') this.response.finishReasons = [reason];
    }
  }

  get usage(): GenAiUsage | undefined {
    return this.own ?? this.metrics;
  }
}
