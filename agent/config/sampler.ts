// The agent's sampler: the OTEL_TRACES_SAMPLER decision sets the sampled flag
// (what downstream services and the app's own pipeline see), while every span
// is still recorded so botanu gets 100% for cost attribution.
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { SamplingDecision, TraceFlags, type SpanContext } from '@opentelemetry/api';
import type { DecidedByParent } from '../spans/tracer';
import type { AgentConfig } from './config';

export function configuredSampler({ name, ratio }: AgentConfig['sampler']): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** Turns "drop" into "record but not sampled"; sampled decisions pass through untouched. */
export function alwaysRecordSampler(delegate: Sampler): Sampler {
  return createAlwaysRecordSampler(delegate);
}

/**
 * The agent's own sampler: every span recorded, the configured decision as the
 * sampled flag. For the default (parent-based, always on) and always_on, the
 * decision also comes as `decideByParent` (agent/spans/tracer.ts asks that
 * directly): the same answer as the SDK's chain, without it per span.
 */
export function agentSampler(settings: AgentConfig['sampler']): Sampler {
  const sampler = alwaysRecordSampler(configuredSampler(settings));
  const byParent = DECIDED_BY_PARENT[settings.name];
  return byParent ? Object.assign(sampler, { decideByParent: byParent } satisfies DecidedByParent) : sampler;
}

const DECIDED_BY_PARENT: Partial<Record<AgentConfig['sampler']['name'], DecidedByParent['decideByParent']>> = {
  always_on: () => SamplingDecision.RECORD_AND_SAMPLED,
  // No valid parent: the root (always on); a parent, remote or local: its sampled flag (unsampled: recorded only).
  parentbased_always_on: (parent: SpanContext | undefined) =>
    parent === undefined || (parent.traceFlags & TraceFlags.SAMPLED) !== 0 ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.RECORD,
};
