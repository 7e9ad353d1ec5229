// Joins the app's own TracerProvider instead of replacing it: tracers the app
// already holds stay valid, and its exporters keep their decisions.
// - its sampler is wrapped so a "drop" becomes "record, not sampled": the
//   sampled flag (and so `traceparent` and every downstream decision) is unchanged;
// - its processors are gated to sampled spans, so they see exactly what they saw;
// - the agent's enricher and redactor join the shared processor array ahead of
//   the app's processors (so those see run attributes and no URL credentials),
//   its exporting processors after them.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { alwaysRecordSampler } from '../config/sampler';
import { appExporterUrls, normalizeUrl } from './app-exporter-urls';
import { describeSampler, shareText } from './describe-sampler';
import { appSees, GATED, markIfAgentSpan, SampledFlagGate } from './sampled-flag-gate';
import type { SdkProviderView } from './sdk-provider';

const ATTACHED = Symbol.for('botanu.coexist.attached');
const AGENT_OWNED = Symbol.for('botanu.coexist.agent-processor');

export interface AttachResult {
  /** e.g. `ParentBased(TraceIdRatioBased 0.25)`. */
  samplerDescription: string;
  /** e.g. `25%`. */
  share: string;
  alreadyAttached: boolean;
  /** The botanu destination is one the app's exporters already send to. */
  sharedEndpoint: boolean;
}

/**
 * The agent's processor as seen by someone else's provider: it receives spans,
 * but the app's `sdk.shutdown()` only flushes it — the agent keeps exporting
 * what the rest of the process records, and closes it at exit itself.
 */
export function borrowed(p: SpanProcessor, onlyWhatTheAppDoesNotExport = false): SpanProcessor {
  const q = p as SpanProcessor & { onEnding?: (s: Span) => void };
  return {
    [AGENT_OWNED]: true,
    onStart: (span: Span, ctx: Context) => {
      markIfAgentSpan(span);
      q.onStart(span, ctx);
    },
    onEnding: (span: Span) => q.onEnding?.(span),
    onEnd: (span: ReadableSpan) => {
      if (!onlyWhatTheAppDoesNotExport || !appSees(span)) q.onEnd(span);
    },
    forceFlush: () => q.forceFlush(),
    shutdown: () => q.forceFlush(),
  } as SpanProcessor;
}

export function attachInPlace(view: SdkProviderView, leading: SpanProcessor[], exporting: SpanProcessor[]): AttachResult {
  const original = view.getSampler();
  const holder = view.provider as Record<symbol, AttachResult | undefined>;
  const prior = holder[ATTACHED];
  if (prior) return { ...prior, alreadyAttached: true };

  const procs = view.processors;
  const appUrls = appExporterUrls(procs);
  const result: AttachResult = { samplerDescription: describeSampler(original), share: shareText(original), alreadyAttached: false, sharedEndpoint: false };
  const before = procs.slice();
  try {
    for (let i = 0; i < procs.length; i++) {
      const p = procs[i] as SpanProcessor & Record<symbol, unknown>;
      if (p && !p[GATED] && !p[AGENT_OWNED]) procs[i] = new SampledFlagGate(p);
    }
    // Ahead of the app's own processors: they see the run attributes, and redacted URLs.
    procs.unshift(...leading.map((p) => borrowed(p)));
    for (const p of exporting) {
      // When the botanu destination is where the app already exports, the agent
      // sends only what the app's pipeline does not (unsampled spans, the
      // agent's additions): every span arrives there exactly once.
      const url = (p as { exporter?: { destination?: { url?: string } } }).exporter?.destination?.url;
      const shared = !!url && appUrls.has(normalizeUrl(url));
      if (shared) result.sharedEndpoint = true;
      procs.push(borrowed(p, shared));
    }
    view.setSampler(alwaysRecordSampler(original));
  } catch (err) {
    // All or nothing: the app's provider is left exactly as it was.
    procs.splice(0, procs.length, ...before);
    try {
      view.setSampler(original);
    } catch {
      /* it was never replaced */
    }
    throw err;
  }
  holder[ATTACHED] = result;
  return result;
}
