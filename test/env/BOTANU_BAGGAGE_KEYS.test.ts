import { linesMentioning, probe } from '../helpers/probe';

test('extra baggage keys are copied onto spans only when listed', async () => {
  const without = await probe({});
  expect(without.spans.some((s) => s.attributes['extra.key'] !== undefined)).toBe(false);
  const withKey = await probe({ BOTANU_BAGGAGE_KEYS: 'extra.key' });
  expect(withKey.spans.some((s) => s.attributes['extra.key'] === 'x' && s.attributes['botanu.run_id'] === 'run-from-upstream')).toBe(true);
});

test('an invalid key warns once; valid ones still apply', async () => {
  const r = await probe({ BOTANU_BAGGAGE_KEYS: 'extra.key,bad key' });
  expect(r.spans.some((s) => s.attributes['extra.key'] === 'x')).toBe(true);
  expect(linesMentioning(r.stderr, 'BOTANU_BAGGAGE_KEYS')).toHaveLength(1);
});
