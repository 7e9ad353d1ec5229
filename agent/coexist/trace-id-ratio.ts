// The trace-id ratio decision of OpenTelemetry JS 3.x's TraceIdRatioBasedSampler,
// reproduced exactly so a processor gated by it agrees with that sampler on
// every trace: all 128 bits, four 32-bit words XOR'ed, sampled when below
// floor(ratio * 0xFFFFFFFF) (2^32 when the ratio is 1).
// Note this is neither Java's (lower 64 bits) nor the spec's newer rv rule.

export function ratioUpperBound(ratio: number): number {
  const r = typeof ratio !== 'number' || Number.isNaN(ratio) ? 0 : ratio >= 1 ? 1 : ratio <= 0 ? 0 : ratio;
  return r === 1 ? 0x1_0000_0000 : Math.floor(r * 0xffffffff);
}

const VALID_TRACE_ID = /^[0-9a-f]{32}$/i;

function accumulate(traceId: string): number {
  let acc = 0;
  for (let i = 0; i < 32; i += 8) acc = (acc ^ parseInt(traceId.slice(i, i + 8), 16)) >>> 0;
  return acc;
}

/** True when `traceId` falls within the ratio whose bound is `upperBound` (see ratioUpperBound). */
export function traceIdInRatio(traceId: string, upperBound: number): boolean {
  return VALID_TRACE_ID.test(traceId) && !/^0+$/.test(traceId) && accumulate(traceId) < upperBound;
}
