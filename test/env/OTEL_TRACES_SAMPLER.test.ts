// The sampler sets the sampled flag (what downstream services see); botanu still
// records and exports every span, marking unsampled ones in the OTLP span flags.
import { linesMentioning, probe } from '../helpers/probe';
import { SPAN_KIND } from '../helpers/receiver';

const sampledFlag = (tp: string | null) => tp?.slice(-2);

test('always_off: traceparent flag 00, spans still recorded and exported as unsampled', async () => {
  const r = await probe({ OTEL_TRACES_SAMPLER: 'always_off' });
  expect(sampledFlag(r.seen.traceparent)).toBe('00');
  expect(r.spans.length).toBeGreaterThanOrEqual(2);
  for (const s of r.spans) expect(s.flags & 1).toBe(0);
});

test('default parentbased_always_on: flag 01', async () => {
  const r = await probe({});
  expect(sampledFlag(r.seen.traceparent)).toBe('01');
  expect(r.spans.find((s) => s.kind === SPAN_KIND.CLIENT)!.flags & 1).toBe(1);
});

test('traceidratio with OTEL_TRACES_SAMPLER_ARG=0 never samples, =1 always does', async () => {
  expect(sampledFlag((await probe({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).seen.traceparent)).toBe('00');
  expect(sampledFlag((await probe({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' })).seen.traceparent)).toBe('01');
});

test('parentbased_always_off samples nothing at the root', async () => {
  expect(sampledFlag((await probe({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).seen.traceparent)).toBe('00');
});

test('an unknown sampler warns once and the default is used', async () => {
  const r = await probe({ OTEL_TRACES_SAMPLER: 'sometimes' });
  expect(sampledFlag(r.seen.traceparent)).toBe('01');
  expect(linesMentioning(r.stderr, 'OTEL_TRACES_SAMPLER')).toHaveLength(1);
});

test.each([['1.5'], ['abc'], ['-0.1']])('OTEL_TRACES_SAMPLER_ARG=%p warns once and 1.0 is used', async (bad) => {
  const r = await probe({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: bad });
  expect(sampledFlag(r.seen.traceparent)).toBe('01');
  expect(linesMentioning(r.stderr, 'OTEL_TRACES_SAMPLER_ARG')).toHaveLength(1);
});
