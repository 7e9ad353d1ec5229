// Exercises the public API from ESM and CJS in one process.
import { createRequire } from 'node:module';
import { botanuWorkflow, emitOutcome, getRunId } from '@botanu/agent';

const cjs = createRequire(import.meta.url)('@botanu/agent');

const sync = botanuWorkflow({ name: 'sync', eventId: (n) => `evt-${n}`, customerId: 'c1' }, (n) => {
  emitOutcome('partial', { reason: 'half done' });
  return n * 6;
});
const syncValue = sync(7);

const inner = botanuWorkflow({ name: 'inner', eventId: 'e2', customerId: 'c1' }, async () => getRunId() ?? null);
const outer = botanuWorkflow({ name: 'outer', eventId: 'e1', customerId: 'c1' }, async () => {
  const outerRunId = getRunId() ?? null;
  const cjsSeesRun = cjs.getRunId() ?? null;
  const innerRunId = await inner();
  return { outerRunId, cjsSeesRun, innerRunId };
});
const res = await outer();
console.log(JSON.stringify({ syncResult: syncValue, syncIsPromise: syncValue instanceof Promise, ...res }));
