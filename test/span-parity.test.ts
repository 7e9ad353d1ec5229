// The agent's own Span and Tracer (agent/spans/) against the SDK's: the same API
// calls through both providers, the same ReadableSpans handed to the processors
// (names, ids, parents, attributes and dropped counts under limits, events,
// links, status, given times), the same non-recording spans for suppressed,
// dropped and invalid-parent cases, and the same order of processor calls.
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span, type TimeInput, type TracerProvider as ApiTracerProvider } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { AlwaysOnSampler, SamplingDecision, TracerProvider, type IdGenerator, type ReadableSpan, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { agentSampler } from '../agent/config/sampler';
import { AgentTracerProvider } from '../agent/spans/tracer-provider';
import { startSpanOwningAttributes } from '../agent/spans/tracer';
import { SwitchingTracerProvider } from '../agent/coexist/switching-tracer-provider';

class CountingIds implements IdGenerator {
  private n = 0;
  generateTraceId(): string {
    return (++this.n).toString(16).padStart(32, '0');
  }
  generateSpanId(): string {
    return (++this.n).toString(16).padStart(16, '0');
  }
}

class Recorder implements SpanProcessor {
  readonly calls: string[] = [];
  readonly ended: ReadableSpan[] = [];
  onStart(span: Span & ReadableSpan, ctx: Context): void {
    this.calls.push(`start ${span.name} ${ctx === ROOT_CONTEXT ? 'root' : 'ctx'}`);
    span.setAttribute('from.onStart', 1);
  }
  onEnding(span: ReadableSpan): void {
    this.calls.push(`ending ${span.name} ${span.ended}`);
  }
  onEnd(span: ReadableSpan): void {
    this.calls.push(`end ${span.name} ${span.ended}`);
    this.ended.push(span);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

/** Samples by name: "drop*" not recorded, "record-only*" recorded unsampled, "tagged*" with sampler attributes and a trace state. */
class ByName implements Sampler {
  shouldSample(_c: Context, _t: string, name: string) {
    if (name.startsWith('drop')) return { decision: SamplingDecision.NOT_RECORD };
    if (name.startsWith('record-only')) return { decision: SamplingDecision.RECORD };
    if (name.startsWith('tagged')) return { decision: SamplingDecision.RECORD_AND_SAMPLED, attributes: { 'sampler.said': 'yes', 'sampler.long': 'x'.repeat(40) } };
    return new AlwaysOnSampler().shouldSample();
  }
  toString() {
    return 'ByName';
  }
}

const LIMITS = { attributeCountLimit: 4, attributeValueLengthLimit: 8, eventCountLimit: 2, linkCountLimit: 2, attributePerEventCountLimit: 2, attributePerLinkCountLimit: 1 };

function scenario(provider: TracerProvider): { spans: unknown[]; returned: unknown[] } {
  const tracer = provider.getTracer('parity', '1.0.0', { schemaUrl: 'https://example/schema' });
  const returned: unknown[] = [];
  const given: TimeInput = new Date(1_700_000_000_123);

  // Attributes at start and later, under the count and length limits, invalid ones dropped.
  const a = tracer.startSpan('attrs', { kind: SpanKind.SERVER, attributes: { s: 'short', long: 'abcdefghijkl', n: 1.5, b: true, extra: 'over', undef: undefined } });
  a.setAttribute('s', 'overwritten-long');
  a.setAttribute('new', 'dropped by count');
  a.setAttribute('', 'empty key');
  a.setAttributes({ arr: ['aaaaaaaaaaaa', 'b'], n: 2 });
  a.setAttribute('obj', { nested: 'value-that-is-long' } as never);
  a.setAttribute('bad', (() => 1) as never);
  a.end();
  // Start attributes that are all primitives within the limits (taken as a clone), the
  // caller's object changed after the start (the span keeps what it was given), an
  // inherited enumerable key (not an attribute), more set later.
  const input: Record<string, unknown> = Object.assign(Object.create({ inherited: 'no' }), { s: 'short', n: 3, b: false, '0': 'digit' });
  const c = tracer.startSpan('clone', { kind: SpanKind.CLIENT, attributes: input as never, startTime: given });
  input.s = 'changed by the caller';
  input.later = 'added by the caller';
  c.setAttribute('set', 'after');
  c.setAttribute('n', 4);
  c.end(given);
  // Start attributes that take the general cleaning: an empty key, an array, an invalid value.
  tracer.startSpan('mixed-start', { attributes: { '': 'empty', arr: ['aaaaaaaaaaaaa', 'b'], fn: (() => 1) as never, ok: 'x' }, startTime: given }).end(given);

  // Events: limits, attributes per event, given times.
  const e = tracer.startSpan('events', { startTime: given });
  e.addEvent('one', { k1: 'v', k2: 'vvvvvvvvvvvv', k3: 3 }, [1_700_000_001, 5]);
  e.addEvent('two', new Date(1_700_000_002_000));
  e.addEvent('three', { only: true }, 1_700_000_003_000);
  e.recordException(Object.assign(new Error('boom'), { code: 'E_BOOM' }), 1_700_000_004_000);
  e.recordException('plain string', 1_700_000_005_000);
  e.end(new Date(1_700_000_009_000));

  // Links at start and added, past the limit; attributes per link.
  const linked = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED };
  const l = tracer.startSpan('links', { links: [{ context: linked, attributes: { x: 1, y: 2 } }], startTime: [1_700_000_000, 1] });
  l.addLink({ context: { ...linked, spanId: 'c'.repeat(16) }, attributes: { z: 'zzzzzzzzzzzz' } });
  l.addLinks([{ context: { ...linked, spanId: 'd'.repeat(16) } }]);
  l.end([1_700_000_001, 0]);

  // Status: error with message, ok wins, invalid message; name changes; operations after end.
  const s = tracer.startSpan('status');
  s.setStatus({ code: SpanStatusCode.ERROR, message: 'first' });
  s.setStatus({ code: SpanStatusCode.UNSET });
  s.updateName('status-renamed');
  s.setStatus({ code: SpanStatusCode.OK });
  s.setStatus({ code: SpanStatusCode.ERROR, message: 'ignored after ok' });
  s.end(new Date(Date.now() + 1000));
  s.setAttribute('after', 'end');
  s.addEvent('after end');
  s.updateName('after end');
  s.end();
  returned.push(s.isRecording());

  // End before start: zero duration.
  const back = tracer.startSpan('backwards', { startTime: [1_700_000_010, 500] });
  back.end([1_700_000_010, 100]);

  // Parents: the active span, root, a remote parent, an invalid parent, suppression, sampling.
  const parent = tracer.startSpan('parent', { startTime: given });
  context.with(trace.setSpan(ROOT_CONTEXT, parent), () => {
    tracer.startSpan('child', { startTime: given }).end(given);
    tracer.startSpan('rooted', { root: true, startTime: given }).end(given);
    tracer.startActiveSpan('active', { startTime: given }, (span) => {
      returned.push(trace.getSpan(context.active()) === span);
      tracer.startSpan('grandchild', { startTime: given }).end(given);
      span.end(given);
    });
  });
  parent.end(given);
  const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true });
  tracer.startSpan('remote-child', { startTime: given }, remote).end(given);
  const remoteUnsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), traceFlags: TraceFlags.NONE, isRemote: true });
  const unsampledParent = tracer.startSpan('remote-unsampled-child', { startTime: given }, remoteUnsampled);
  tracer.startSpan('local-unsampled-child', { startTime: given }, trace.setSpan(ROOT_CONTEXT, unsampledParent)).end(given);
  unsampledParent.end(given);
  const invalid = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'not-hex', spanId: 'nope', traceFlags: 0 });
  tracer.startSpan('invalid-parent', { startTime: given }, invalid).end(given);
  const suppressed = tracer.startSpan('suppressed', {}, suppressTracing(ROOT_CONTEXT));
  returned.push(suppressed.isRecording(), suppressed.spanContext());
  const dropped = tracer.startSpan('drop-me');
  returned.push(dropped.isRecording(), dropped.spanContext().traceFlags);
  const recordOnly = tracer.startSpan('record-only', { startTime: given });
  returned.push(recordOnly.isRecording(), recordOnly.spanContext().traceFlags);
  recordOnly.end(given);
  tracer.startSpan('tagged', { attributes: { mine: 1 }, startTime: given }).end(given);
  returned.push((tracer.startActiveSpan as unknown as (n: string) => unknown)('one-arg'));

  const spans = ((provider as unknown as { _activeSpanProcessor: { _spanProcessors: Recorder[] } })._activeSpanProcessor._spanProcessors[0] as Recorder).ended.map((x) => ({
    name: x.name,
    kind: x.kind,
    spanContext: x.spanContext(),
    parentSpanContext: x.parentSpanContext,
    attributes: x.attributes,
    droppedAttributesCount: x.droppedAttributesCount,
    events: x.events,
    droppedEventsCount: x.droppedEventsCount,
    links: x.links,
    droppedLinksCount: x.droppedLinksCount,
    status: x.status,
    // Given times exactly; clock times as their order.
    startTime: x.name === 'attrs' || x.name.startsWith('status') ? 'clock' : x.startTime,
    endTime: x.name === 'attrs' || x.name.startsWith('status') ? 'clock' : x.endTime,
    duration: x.name === 'attrs' || x.name.startsWith('status') ? x.duration[0] >= 0 && x.duration[1] >= 0 : x.duration,
    ended: x.ended,
    scope: x.instrumentationScope,
    resource: x.resource === (provider as unknown as { _resource: unknown })._resource,
  }));
  return { spans, returned };
}

function run(make: (o: ConstructorParameters<typeof TracerProvider>[0] & { spanProcessors: SpanProcessor[] }) => TracerProvider, sampler: Sampler = new ByName()) {
  const recorder = new Recorder();
  const provider = make({ sampler, spanLimits: LIMITS, idGenerator: new CountingIds(), spanProcessors: [recorder] });
  return { ...scenario(provider), calls: recorder.calls };
}

// The agent's own samplers answer `decideByParent` to its tracer; the SDK's tracer asks their shouldSample.
const SAMPLERS: [string, () => Sampler][] = [
  ['a sampler deciding by name', () => new ByName()],
  ...(['parentbased_always_on', 'always_on', 'parentbased_always_off', 'traceidratio'] as const).map((name): [string, () => Sampler] => [`the agent's ${name} sampler`, () => agentSampler({ name, ratio: 0.5 })]),
];

test.each(SAMPLERS)('the agent tracer hands processors the same spans as the SDK tracer, for the same API calls (%s)', (_name, sampler) => {
  const { AsyncLocalStorageContextManager } = jest.requireActual('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  try {
    const sdk = run((o) => new TracerProvider(o), sampler());
    const agent = run((o) => new AgentTracerProvider(o), sampler());
    expect(agent.calls).toEqual(sdk.calls);
    expect(agent.returned).toEqual(sdk.returned);
    expect(agent.spans.length).toBe(sdk.spans.length);
    for (let i = 0; i < sdk.spans.length; i++) expect(agent.spans[i]).toEqual(sdk.spans[i]);
  } finally {
    context.disable();
  }
});

test('a span ended without a given time lasts the monotonic time since its start', async () => {
  const recorder = new Recorder();
  const provider = new AgentTracerProvider({ spanProcessors: [recorder] });
  const span = provider.getTracer('t').startSpan('timed');
  const before = Date.now();
  await new Promise((r) => setTimeout(r, 30));
  span.end();
  const r = recorder.ended[0];
  const ms = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;
  expect(ms(r.startTime)).toBeLessThanOrEqual(before);
  expect(ms(r.duration)).toBeGreaterThanOrEqual(25);
  expect(ms(r.endTime) - ms(r.startTime)).toBeCloseTo(ms(r.duration), 3);
});

test("the agent's traceparent for its own spans is core's, byte for byte; any other span goes through core", () => {
  const { W3CTraceContextPropagator, TraceState } = jest.requireActual('@opentelemetry/core');
  const { AgentTraceContextPropagator } = jest.requireActual('../agent/config/trace-context-propagator');
  const core = new W3CTraceContextPropagator();
  const ours = new AgentTraceContextPropagator();
  const headers = (p: { inject(c: Context, carrier: unknown, s: unknown): void }, ctx: Context) => {
    const out: Record<string, string> = {};
    p.inject(ctx, out, { set: (c: Record<string, string>, k: string, v: string) => (c[k] = v) });
    return out;
  };
  const provider = new AgentTracerProvider({ sampler: new ByName(), spanProcessors: [new Recorder()] });
  const tracer = provider.getTracer('propagation');
  const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: TraceFlags.SAMPLED, isRemote: true, traceState: new TraceState('vendor=1,other=two') });
  const contexts: [string, Context][] = [
    ['sampled root', trace.setSpan(ROOT_CONTEXT, tracer.startSpan('root'))],
    ['recorded, not sampled', trace.setSpan(ROOT_CONTEXT, tracer.startSpan('record-only'))],
    ['child of a remote parent with a trace state', trace.setSpan(remote, tracer.startSpan('child', {}, remote))],
    ['non-recording', trace.setSpan(ROOT_CONTEXT, tracer.startSpan('drop'))],
    ['suppressed', suppressTracing(trace.setSpan(ROOT_CONTEXT, tracer.startSpan('root')))],
    ['a span context only', remote],
    ['no span', ROOT_CONTEXT],
  ];
  for (const [name, ctx] of contexts) expect([name, headers(ours, ctx)]).toEqual([name, headers(core, ctx)]);
  expect(headers(ours, contexts[0][1]).traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  expect(headers(ours, contexts[1][1]).traceparent).toMatch(/-00$/);
  expect(headers(ours, contexts[2][1]).tracestate).toBe('vendor=1,other=two');
});

test("start attributes an instrumentation made for its span alone are kept, not copied, by the agent's tracer only", () => {
  const run = (provider: ApiTracerProvider) => {
    const tracer = provider.getTracer('own');
    const owned = { 'http.route': '/a', n: 1 };
    const copied = { 'http.route': '/b', n: 2 };
    const a = startSpanOwningAttributes(tracer, 'owned', { attributes: owned }, ROOT_CONTEXT) as Span & ReadableSpan;
    const b = tracer.startSpan('copied', { attributes: copied }, ROOT_CONTEXT) as Span & ReadableSpan;
    // Over the limits: cleaned into a new object whatever the caller said.
    const long = { s: 'x'.repeat(20) };
    const c = startSpanOwningAttributes(tracer, 'cleaned', { attributes: long }, ROOT_CONTEXT) as Span & ReadableSpan;
    return { owned: a.attributes === owned, copied: b.attributes === copied, cleaned: c.attributes === long, values: [a.attributes, b.attributes, c.attributes] };
  };
  const agent = run(new AgentTracerProvider({ spanLimits: LIMITS, spanProcessors: [] }));
  const switching = run(new SwitchingTracerProvider(new AgentTracerProvider({ spanLimits: LIMITS, spanProcessors: [] })).agentOwned());
  const sdk = run(new TracerProvider({ spanLimits: LIMITS }));
  expect(agent).toEqual({ owned: true, copied: false, cleaned: false, values: [{ 'http.route': '/a', n: 1 }, { 'http.route': '/b', n: 2 }, { s: 'xxxxxxxx' }] });
  expect(switching).toEqual(agent);
  expect(sdk).toEqual({ ...agent, owned: false });
});
