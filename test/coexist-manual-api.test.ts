// The manual API, used by an app that wires its own SDK (no preload).
import { runToEnd } from './helpers/app';
import { ratioSelects } from './helpers/coexist';

test('SampledSpanProcessor makes exactly TraceIdRatioBased decisions; alwaysRecordSampler records everything', async () => {
  const res = await runToEnd('coexist/manual-api.mjs', { preload: 'none' });
  expect(res.stderr).toBe('');
  const out = JSON.parse(res.stdout);
  const n = 3000;
  // Every span recorded (the app's sampler only sets the flag: about a quarter sampled).
  expect(out.recordedAll).toBe(n);
  expect(out.sampledFlagShare).toBeGreaterThan(0.2);
  expect(out.sampledFlagShare).toBeLessThan(0.3);
  // The gated processor: the real sampler's decisions (0 mismatches), onStart and onEnd alike...
  expect(out.mismatches).toBe(0);
  expect(out.gatedStarted).toBe(out.referenceSelected);
  expect(out.gatedEnded).toBe(out.referenceSelected);
  expect(out.referenceSelected).toBeGreaterThan(n * 0.07);
  expect(out.referenceSelected).toBeLessThan(n * 0.13);
  // ...and the test's own recomputation of the algorithm agrees on every trace.
  const gated = new Set<string>(out.gatedIds);
  expect((out.allIds as string[]).filter((id) => ratioSelects(id, 0.1) !== gated.has(id))).toEqual([]);
});
