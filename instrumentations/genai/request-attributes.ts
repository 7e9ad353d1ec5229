// gen_ai.request.* attributes (temperature, max_tokens…) from an SDK's request
// parameters. Each SDK names them its own way; an instrumentation gives the
// mapping and this reads it, the same way for all.
import type { Attributes } from '@opentelemetry/api';

/**
 * `fields` maps each attribute to the parameter it comes from, or to several
 * (the first one set wins, e.g. max_completion_tokens before max_tokens). A
 * finite number is kept as it is, an array as its strings; anything else is left out.
 */
export function requestAttributes(params: unknown, fields: Record<string, string | string[]>): Attributes {
  const out: Attributes = {};
  if (!params || typeof params !== 'object') return out;
  const p = params as Record<string, unknown>;
  for (const [attr, names] of Object.entries(fields)) {
    const v = (typeof names === 'string' ? [names] : names).map((n) => p[n]).find((x) => x !== undefined && x !== null);
    if (typeof v === 'number' && Number.isFinite(v)) out[attr] = v;
    else if (Array.isArray(v)) out[attr] = v.filter((s): s is string => typeof s === 'string');
  }
  return out;
}
