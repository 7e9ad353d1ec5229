import { linesMentioning, probe } from '../helpers/probe';

test('default tracecontext,baggage: traceparent and the run baggage are sent', async () => {
  const r = await probe({});
  expect(r.seen.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  expect(r.seen.b3).toBeNull();
});

test('b3 (single header) and b3multi', async () => {
  const single = await probe({ OTEL_PROPAGATORS: 'b3' });
  expect(single.seen.b3).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
  expect(single.seen.traceparent).toBeNull();
  const multi = await probe({ OTEL_PROPAGATORS: 'b3multi,baggage' });
  expect(multi.seen.xb3).toMatch(/^[0-9a-f]{32}$/);
});

test('none: no trace headers', async () => {
  const r = await probe({ OTEL_PROPAGATORS: 'none' });
  expect(r.seen.traceparent).toBeNull();
  expect(r.seen.b3).toBeNull();
});

test('unknown propagators warn once each and are ignored', async () => {
  const r = await probe({ OTEL_PROPAGATORS: 'tracecontext,baggage,jaeger' });
  expect(r.seen.traceparent).toMatch(/^00-/);
  expect(linesMentioning(r.stderr, 'OTEL_PROPAGATORS')).toHaveLength(1);
});
