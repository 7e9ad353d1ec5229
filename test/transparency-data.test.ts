// With the agent, database and queue libraries behave exactly as without it (issue 21): behaviours their own
// test suites caught the agent changing, recorded by fixture apps (fixtures/transparency/*-behaviour.cjs) plain,
// with the agent exporting nowhere and with the agent facing a refusing collector. docs/library-suites.md.
import { threeWays, type Record_ } from './helpers/transparency';

type Failure = { firstLine: string; frames: string[]; originalStack: string };

test("knex asyncStackTraces: a failed query's error has knex's stack of the app's call, frame for frame; builders get no property; wrapped methods keep name and length; non-Error rejections pass through", async () => {
  const { plain, none, refused } = await threeWays('knex-behaviour.cjs', /instrumenting [^\n]*knex 3\.3\.0/);
  const raw = plain.result.raw as Failure;
  expect(raw.frames[0]).toMatch(/^at Object\.raw \(/);
  expect(raw.frames.some((f) => f.includes('knex-behaviour.cjs'))).toBe(true);
  expect((plain.result.schema as Failure).frames[0]).toMatch(/make-knex\.js/);
  expect(raw.originalStack).toBe('string');
  for (const r of [none, refused]) {
    for (const label of ['raw', 'query', 'schema', 'deep']) {
      // No frame of the agent, and the same frames as without it (also at the bottom, cut by Error.stackTraceLimit).
      expect((r.result[label] as Failure).frames.join('\n')).not.toMatch(/@botanu/);
      expect(r.result[label]).toEqual(plain.result[label]);
    }
  }
  expect(plain.result.clientMethods).toEqual([
    ['raw', 'raw', 0],
    ['queryBuilder', 'queryBuilder', 0],
    ['schemaBuilder', 'schemaBuilder', 0],
  ]);
  expect(plain.result['rejects null']).toBe(none.result['rejects null']);
  expect(none.result).toEqual(plain.result as Record_);
  expect(refused.result).toEqual(plain.result);
}, 120_000);
