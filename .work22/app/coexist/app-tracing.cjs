// What the coexist fixture apps' own OpenTelemetry setups share (app-sdk.cjs,
// app-sdk.mjs, api19/app-sdk.cjs): the sampler the app picks from APP_SAMPLER,
// and a processor that counts what the app's SDK hands it, unsampled spans
// included (it ignores the sampled flag, so it proves the app's pipeline only
// ever gets sampled spans). The sampler classes are passed in: each app loads
// its own SDK (3.x or 2.x, CommonJS or ESM build).

/** always_on, always_off, or a ratio (default 0.25) under ParentBased. */
function appSampler(spec, { AlwaysOnSampler, AlwaysOffSampler, ParentBasedSampler, TraceIdRatioBasedSampler }) {
  if (spec === 'always_on') return new AlwaysOnSampler();
  if (spec === 'always_off') return new AlwaysOffSampler();
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(Number(spec ?? '0.25')) });
}

/** A span processor that counts, and the counts it keeps (served by the apps at /stats). */
function countingProcessor() {
  const stats = { started: 0, ended: 0, unsampledSeen: 0 };
  const unsampled = (span) => (span.spanContext().traceFlags & 1) === 0;
  const processor = {
    onStart(span) {
      stats.started++;
      if (unsampled(span)) stats.unsampledSeen++;
    },
    onEnd(span) {
      stats.ended++;
      if (unsampled(span)) stats.unsampledSeen++;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return { stats, processor };
}

module.exports = { appSampler, countingProcessor };
