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
