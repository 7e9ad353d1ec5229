// The agent's contexts keep the API's semantics (the bundled BaseContext is a
// chain of nodes, folded into a Map past 32: scripts/upstream-fixes.mjs
// `api-context-nodes`): values set, shadowed, deleted and set again read back
// as with the API's own Map-per-context implementation, also 200 levels deep.
import { runToEnd } from './helpers/app';

test('context values set, shadowed, deleted and re-set read back as the API defines, at any depth', async () => {
  const r = await runToEnd('safety/context-values.cjs', { preload: 'require', env: { OTEL_TRACES_EXPORTER: 'none' } }, 30_000);
  const m = /^RESULT (.*)$/m.exec(r.stdout);
  if (!m) throw new Error(`no RESULT: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(m[1]);
  expect(out.basic).toEqual([null, 1, 2, 2, 'b', null, 'b', 3]);
  expect(out.immutable).toEqual([true, true, true]);
  expect(out.deepWrong).toEqual([]);
  expect(out.deepKeepsEarlier).toEqual([2, 'b']);
  // In insertion order, as the API's Map: A was deleted and set again after B.
  expect(out.map).toEqual([['Symbol(b)', 'b'], ['Symbol(a)', 3]]);
  expect(out.withActive).toBe(3);
});
