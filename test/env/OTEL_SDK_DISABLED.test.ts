import { probe } from '../helpers/probe';

test('OTEL_SDK_DISABLED=true: the app runs, nothing is instrumented or exported', async () => {
  const r = await probe({ OTEL_SDK_DISABLED: 'true' });
  expect(r.code).toBe(0);
  expect(r.seen.traceparent).toBeNull();
  expect(r.spans).toHaveLength(0);
  expect(r.stderr).toMatch(/disabled \(OTEL_SDK_DISABLED=true\)/);
});

test('OTEL_SDK_DISABLED=false (explicit) keeps the agent on', async () => {
  const r = await probe({ OTEL_SDK_DISABLED: 'false' });
  expect(r.spans.length).toBeGreaterThan(0);
});
