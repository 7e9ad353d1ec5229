// The price of one LLM call, from a maintained price table (@pydantic/genai-prices,
// pinned in package.json; docs/cost.md says why this one). Only the CLI loads it,
// and only when a run has an LLM call to price: the preload agent never does.
import type { LlmCall } from '../run-summary';

type PriceTable = typeof import('@pydantic/genai-prices');

// Replaced at build time by esbuild from package.json.
declare const __BOTANU_PRICE_TABLE_VERSION__: string;
export const PRICE_TABLE = {
  package: '@pydantic/genai-prices',
  version: typeof __BOTANU_PRICE_TABLE_VERSION__ === 'string' ? __BOTANU_PRICE_TABLE_VERSION__ : 'dev',
} as const;

/** gen_ai.provider.name → the price table's provider id; null: self-hosted, no per-token price. */
const PROVIDERS: Record<string, string | null> = {
  openai: 'openai',
  'azure.ai.openai': 'azure',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  groq: 'groq',
  mistral_ai: 'mistral',
  cohere: 'cohere',
  deepseek: 'deepseek',
  x_ai: 'x-ai',
  perplexity: 'perplexity',
  openrouter: 'openrouter',
  together: 'together',
  fireworks: 'fireworks',
  ollama: null,
  vllm: null,
};

export type CallPrice =
  | { status: 'priced'; usd: number; inputUsd: number; outputUsd: number; pricedAs: string }
  | { status: 'unpriced'; usd: null; reason: string }
  | { status: 'no-usage'; usd: null };

let table: PriceTable | undefined;
function priceTable(): PriceTable {
  // A lazy require: the table (~0.5 MB of prices) is parsed on the first LLM call, not at CLI start.
  table ??= require('@pydantic/genai-prices') as PriceTable;
  return table;
}

/**
 * The call's price as the provider charges it. Token counts follow the GenAI
 * conventions the agent records (see instrumentations/genai/semconv.ts): input
 * includes cache reads and writes, output includes reasoning. The table prices
 * each part at its own rate (cache reads and writes, tiers above a context size,
 * prices that changed on a date), and reasoning tokens as the provider bills them.
 */
export function priceCall(call: LlmCall, at: Date = new Date()): CallPrice {
  if (call.inputTokens === undefined && call.outputTokens === undefined) return { status: 'no-usage', usd: null };
  const mapped = call.provider === undefined ? undefined : PROVIDERS[call.provider];
  if (mapped === null) return { status: 'unpriced', usd: null, reason: `self-hosted (${call.provider})` };
  const usage = {
    input_tokens: call.inputTokens ?? 0,
    output_tokens: call.outputTokens ?? 0,
    cache_read_tokens: call.cachedTokens,
    cache_write_tokens: call.cacheWriteTokens,
    output_reasoning_tokens: call.reasoningTokens,
  };
  try {
    // A provider the table does not know (a gateway, a new host): match on the model name alone.
    const r = priceTable().calcPrice(usage, call.model, { providerId: mapped, timestamp: at });
    if (!r) return { status: 'unpriced', usd: null, reason: 'model not in the price table' };
    return { status: 'priced', usd: r.total_price, inputUsd: r.input_price, outputUsd: r.output_price, pricedAs: `${r.provider.id}/${r.model.id}` };
  } catch (err) {
    // The table rejects usage it cannot split (e.g. more cached tokens than input tokens).
    return { status: 'unpriced', usd: null, reason: `usage the price table cannot price (${(err as Error)?.message ?? err})` };
  }
}
