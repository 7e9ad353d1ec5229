// The manual API without the preload: an app wiring its own 3.x SDK with the
// agent's always-record sampler and SampledSpanProcessor. Prints what each
// processor saw next to the real TraceIdRatioBasedSampler's decisions.
import { ParentBasedSampler, TracerProvider, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { alwaysRecordSampler, RunContextEnricher, SampledSpanProcessor } from '@botanu/agent';

function recorder() {
  const r = { started: new Set(), ended: new Set(), flags: [] };
  r.processor = {
    onStart: (s) => r.started.add(s.spanContext().traceId),
    onEnd: (s) => {
      r.ended.add(s.spanContext().traceId);
      r.flags.push(s.spanContext().traceFlags);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return r;
}

const all = recorder();
const gated = recorder();
const provider = new TracerProvider({
  sampler: alwaysRecordSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.25) })),
  spanProcessors: [new RunContextEnricher(), all.processor, new SampledSpanProcessor(gated.processor, 0.1)],
});
const tracer = provider.getTracer('manual');
const reference = new TraceIdRatioBasedSampler(0.1);
const n = 3000;
let referenceSelected = 0;
let mismatches = 0;
for (let i = 0; i < n; i++) {
  const span = tracer.startSpan(`op ${i}`);
  const id = span.spanContext().traceId;
  const want = reference.shouldSample(undefined, id).decision === 2;
  if (want) referenceSelected++;
  span.end();
  if (want !== gated.ended.has(id) || want !== gated.started.has(id)) mismatches++;
}
console.log(
  JSON.stringify({
    recordedAll: all.ended.size,
    sampledFlagShare: all.flags.filter((f) => f & 1).length / n,
    gatedStarted: gated.started.size,
    gatedEnded: gated.ended.size,
    referenceSelected,
    mismatches,
    gatedIds: [...gated.ended],
    allIds: [...all.ended],
  }),
);
