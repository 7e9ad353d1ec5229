// Context values through the agent's contexts (the bundled API's BaseContext,
// made of nodes: scripts/upstream-fixes.mjs `api-context-nodes`): set, shadow,
// delete, re-set, chains deeper than the fold depth, and the Map view.
const { context, createContextKey } = require('@opentelemetry/api');

const root = context.active();
const A = createContextKey('a');
const B = createContextKey('b');
const out = {};
const a1 = root.setValue(A, 1);
const a2 = a1.setValue(A, 2);
const b = a2.setValue(B, 'b');
const noA = b.deleteValue(A);
const again = noA.setValue(A, 3);
out.basic = [root.getValue(A), a1.getValue(A), a2.getValue(A), b.getValue(A), b.getValue(B), noA.getValue(A), noA.getValue(B), again.getValue(A)];
out.immutable = [a1 !== a2, a1.getValue(A) === 1, root.getValue(B) === undefined];
// 200 keys, set one per level, some deleted again: past the fold depth several times.
const keys = Array.from({ length: 200 }, (_, i) => createContextKey(`k${i}`));
let deep = b;
for (let i = 0; i < 200; i++) {
  deep = deep.setValue(keys[i], i);
  if (i % 7 === 0) deep = deep.deleteValue(keys[i]);
}
const wrong = [];
for (let i = 0; i < 200; i++) if (deep.getValue(keys[i]) !== (i % 7 === 0 ? undefined : i)) wrong.push(i);
out.deepWrong = wrong;
out.deepKeepsEarlier = [deep.getValue(A), deep.getValue(B)];
out.map = [...again._currentContext.entries()].map(([k, v]) => [k.toString(), v]);
// The active context inside with() is the one given.
out.withActive = context.with(again, () => context.active().getValue(A));
console.log('RESULT ' + JSON.stringify(out));
