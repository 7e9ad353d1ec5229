// The generic resend rule's memory stays bounded however many parents fail, and
// forgets a chain after its TTL or after a success. (A pure data structure: no
// process to start, so it is tested directly.)
import { ResendMemory } from '../instrumentations/retry/resend-memory';

test('at most maxParents parents and maxKeys requests per parent are kept, least recently failed dropped first', () => {
  const m = new ResendMemory({ maxParents: 100, maxKeys: 4, ttlMs: 60_000 });
  for (let p = 0; p < 10_000; p++) m.recordFailure(`parent-${p}`, 'GET http://x/a');
  expect(m.size).toBe(100);
  expect(m.failuresOf('parent-0', 'GET http://x/a')).toBe(0);
  expect(m.failuresOf('parent-9999', 'GET http://x/a')).toBe(1);

  for (let k = 0; k < 10; k++) m.recordFailure('busy', `GET http://x/${k}`);
  expect(m.failuresOf('busy', 'GET http://x/0')).toBe(0);
  expect(m.failuresOf('busy', 'GET http://x/9')).toBe(1);
});

test('failures in a row count up; a success or the TTL ends the chain', () => {
  let now = 0;
  const m = new ResendMemory({ maxParents: 10, maxKeys: 4, ttlMs: 1000 }, () => now);
  m.recordFailure('p', 'POST http://x/v1/chat/completions');
  m.recordFailure('p', 'POST http://x/v1/chat/completions');
  expect(m.failuresOf('p', 'POST http://x/v1/chat/completions')).toBe(2);
  expect(m.failuresOf('p', 'GET http://x/v1/chat/completions')).toBe(0);
  m.recordSuccess('p', 'POST http://x/v1/chat/completions');
  expect(m.failuresOf('p', 'POST http://x/v1/chat/completions')).toBe(0);
  expect(m.size).toBe(0);

  m.recordFailure('p', 'GET http://x/a');
  now = 1001;
  expect(m.failuresOf('p', 'GET http://x/a')).toBe(0);
  expect(m.size).toBe(0);
  // Expired parents are also swept when a new failure comes in.
  m.recordFailure('q', 'GET http://x/a');
  now = 2500;
  m.recordFailure('r', 'GET http://x/a');
  expect(m.size).toBe(1);
});
