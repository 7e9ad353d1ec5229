import { probe } from '../helpers/probe';

test('BOTANU_ENABLED=false is a kill switch: the app runs, nothing is exported', async () => {
  const r = await probe({ BOTANU_ENABLED: 'false' });
  expect(r.code).toBe(0);
  expect(r.seen).not.toBeNull();
  expect(r.seen.traceparent).toBeNull();
  expect(r.spans).toHaveLength(0);
  expect(r.stderr).toMatch(/disabled \(BOTANU_ENABLED=false\)/);
});

test('BOTANU_ENABLED=0 / off are understood too', async () => {
  for (const v of ['0', 'off']) expect((await probe({ BOTANU_ENABLED: v })).spans).toHaveLength(0);
});
