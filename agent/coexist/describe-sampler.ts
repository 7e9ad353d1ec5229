// Names an app's sampler for the startup line, and what share of traces the
// app's own exporters keep with it (undefined when that cannot be told).
import type { Sampler } from '@opentelemetry/sdk-trace';
import { constructorName } from './registry';

interface SamplerShape {
  _root?: Sampler;
  _ratio?: number;
  _delegate?: Sampler;
}

export function describeSampler(s: Sampler): string {
  const shape = s as unknown as SamplerShape;
  const name = constructorName(s);
  if (shape._root) return `ParentBased(${describeSampler(shape._root)})`;
  if (typeof shape._ratio === 'number') return `TraceIdRatioBased ${shape._ratio}`;
  if (name === 'AlwaysOnSampler') return 'AlwaysOn';
  if (name === 'AlwaysOffSampler') return 'AlwaysOff';
  try {
    const str = String(s);
    if (str && str !== '[object Object]') return str.slice(0, 120);
  } catch {
    /* a sampler whose toString throws */
  }
  return name || 'custom sampler';
}

/** The fraction of new traces the sampler keeps, for the known samplers. */
export function sampledShare(s: Sampler): number | undefined {
  const shape = s as unknown as SamplerShape;
  if (shape._root) return sampledShare(shape._root);
  if (typeof shape._ratio === 'number') return shape._ratio;
  const name = constructorName(s);
  if (name === 'AlwaysOnSampler') return 1;
  if (name === 'AlwaysOffSampler') return 0;
  return undefined;
}

export function shareText(s: Sampler): string {
  const share = sampledShare(s);
  return share === undefined ? 'their usual share' : `${+(share * 100).toFixed(2)}%`;
}
