// What one run did, computed from its spans: the figures `botanu-agent dev`
// prints. Attribute names are the GenAI semantic conventions, botanu.* where
// none exists yet (cache tokens), and http.request.resend_count for retries.
import type { AttrValue, DecodedSpan } from './receiver/otlp-decode';
import * as A from '../run/attributes';

export const RUN_SPAN_PREFIX = 'botanu.run/';
const STATUS_ERROR = 2;

export interface LlmCall {
  service: string;
  model: string;
  /** gen_ai.provider.name: who served the call, which decides its price. */
  provider?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Which layer recorded it: `http` (the HTTP-level recogniser), the SDK's instrumentation (`openai`…), or another tracer's scope. */
  recordedBy: string;
}

export interface RunSummary {
  runId: string;
  workflow: string;
  customerId: string;
  eventId: string;
  outcome: string;
  durationMs: number;
  services: string[];
  spanCount: number;
  llmCalls: LlmCall[];
  tokens: { input: number; output: number; cached: number };
  retries: { count: number; requests: string[] };
  errors: { service: string; span: string; message: string }[];
  parentRunId?: string;
  /**
   * The run's own span (botanu.run/<workflow>, from the entry service) was not
   * received: the figures cover only the services listed (the entry exports
   * elsewhere). Outcome is then unknown and the duration is the spans' extent.
   */
  partial?: boolean;
}

const num = (v: AttrValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const str = (v: AttrValue | undefined): string => (v === undefined || v === null ? '' : String(v));
const service = (s: DecodedSpan) => str(s.resource['service.name']) || 'unknown';

/** `@botanu/instrumentation-openai` → `openai`, `…-llm-http` → `http`, the Anthropic SDK's own spans → `anthropic sdk`; any other tracer by its scope name. */
function recordedBy(s: DecodedSpan): string {
  const scope = s.scope?.name ?? '';
  // The Anthropic SDK (0.134.0+) records its own calls.
  if (scope.startsWith('com.anthropic.sdk')) return 'anthropic sdk';
  const m = /^@botanu\/instrumentation-(.+)$/.exec(scope);
  if (!m) return scope || 'unknown';
  return m[1] === 'llm-http' ? 'http' : m[1];
}

function llmCall(s: DecodedSpan): LlmCall | undefined {
  const a = s.attributes;
  const model = a['gen_ai.response.model'] ?? a['gen_ai.request.model'];
  if (model === undefined && a['gen_ai.operation.name'] === undefined) return undefined;
  return {
    service: service(s),
    model: str(model) || 'unknown model',
    inputTokens: num(a['gen_ai.usage.input_tokens']),
    outputTokens: num(a['gen_ai.usage.output_tokens']),
    cachedTokens: num(a['gen_ai.usage.cache_read.input_tokens']) ?? num(a['botanu.usage.cache_read_tokens']),
    cacheWriteTokens: num(a['gen_ai.usage.cache_creation.input_tokens']) ?? num(a['botanu.usage.cache_write_tokens']),
    reasoningTokens: num(a['gen_ai.usage.reasoning.output_tokens']) ?? num(a['botanu.usage.reasoning_tokens']),
    provider: str(a['gen_ai.provider.name']) || undefined,
    recordedBy: recordedBy(s),
  };
}

export function hasRunSpan(runId: string, spans: DecodedSpan[]): boolean {
  return spans.some((s) => s.name.startsWith(RUN_SPAN_PREFIX) && s.attributes[A.RUN_ID] === runId);
}

/** The first non-empty value of a run attribute the spans carry (copied from baggage onto every span). */
function carried(spans: DecodedSpan[], key: string): string {
  for (const s of spans) if (str(s.attributes[key])) return str(s.attributes[key]);
  return '';
}

export function summarizeRun(runId: string, spans: DecodedSpan[]): RunSummary | undefined {
  if (spans.length === 0) return undefined;
  const run = spans.find((s) => s.name.startsWith(RUN_SPAN_PREFIX) && s.attributes[A.RUN_ID] === runId);
  const byStart = [...spans].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  const services: string[] = [];
  for (const s of byStart) if (!services.includes(service(s))) services.push(service(s));

  const llmCalls = spans.map(llmCall).filter((c): c is LlmCall => !!c);
  const tokens = { input: 0, output: 0, cached: 0 };
  for (const c of llmCalls) {
    tokens.input += c.inputTokens ?? 0;
    tokens.output += c.outputTokens ?? 0;
    tokens.cached += c.cachedTokens ?? 0;
  }
  const resent = spans.filter((s) => (num(s.attributes['http.request.resend_count']) ?? 0) > 0);
  const requests = [...new Set(resent.map((s) => `${service(s)}: ${s.name}`))];
  // Innermost first: the span that started last is usually the cause, the ones before it its echoes.
  const errors = [...byStart]
    .reverse()
    .filter((s) => s.status.code === STATUS_ERROR)
    .map((s) => ({ service: service(s), span: s.name, message: s.status.message || str(s.attributes['error.type']) }));
  const common = { runId, services, spanCount: spans.length, llmCalls, tokens, retries: { count: resent.length, requests }, errors };
  if (!run) {
    let start = byStart[0].startTimeUnixNano;
    let end = byStart[0].endTimeUnixNano;
    for (const s of spans) if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
    if (end < start) start = end;
    return {
      ...common,
      workflow: carried(spans, A.WORKFLOW) || '?',
      customerId: carried(spans, A.CUSTOMER_ID),
      eventId: carried(spans, A.EVENT_ID),
      outcome: 'unknown',
      durationMs: Math.round(Number(end - start) / 1e6),
      parentRunId: carried(spans, A.PARENT_RUN_ID) || undefined,
      partial: true,
    };
  }
  const a = run.attributes;
  const duration = num(a[A.RUN_DURATION_MS]) ?? Number(run.endTimeUnixNano - run.startTimeUnixNano) / 1e6;
  return {
    ...common,
    workflow: str(a[A.WORKFLOW]) || run.name.slice(RUN_SPAN_PREFIX.length),
    customerId: str(a[A.CUSTOMER_ID]),
    eventId: str(a[A.EVENT_ID]),
    outcome: str(a[A.OUTCOME_STATUS]) || (run.status.code === STATUS_ERROR ? 'failed' : 'unknown'),
    durationMs: Math.round(duration),
    parentRunId: str(a[A.PARENT_RUN_ID]) || undefined,
  };
}
