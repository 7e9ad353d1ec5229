// Connection pools of 2 serving 30 concurrent callers (pg, mysql2, mysql, knex,
// mongodb, generic-pool): a caller's query waits for a connection another
// caller releases. Its span must still be its own caller's, in its own run.
// A DataLoader batch serving several runs carries none of them; one serving a
// single run carries it.
import { startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { misattributed, runCallers, wrongByScenario, wrongCounts } from './helpers/attribution';

let receiver: OtlpReceiver;
let mongo: RunningApp;
let MONGO_URL: string;
beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
  mongo = startApp('data/mongo-endpoint.cjs', { preload: 'none' });
  const [, port] = await mongo.waitForOutput(/READY (\d+)/);
  MONGO_URL = `mongodb://127.0.0.1:${port}`;
});
afterAll(async () => {
  mongo?.kill();
  await receiver.stop();
});

const POOLS = ['pg-pool', 'mysql2-pool', 'mysql-pool', 'pg-callback', 'mysql2-callback', 'mysql-callback', 'knex-pool', 'mongodb-pool', 'generic-pool'];
const SCENARIOS = [...POOLS, 'dataloader'];
const CALLERS = 30;
// The callers' statements: not opening a pooled connection (nor knex's version probe on it), nor the batches' and the connection checks' own.
const isStatement = (s: DecodedSpan) =>
  s.kind === 3 && (s.attributes['db.system.name'] ?? s.attributes['db.system']) !== undefined && !/connect/i.test(s.name) && !/version\(\)|dataloader|botanu_attribution|opener_connection/.test(String(s.attributes['db.query.text']));
// Spans per call: knex's above pg's, mysql's pool query above its connection query, two statements with a callback.
const PER_CALL: Record<string, number> = { 'knex-pool': 2, 'mysql-pool': 2, 'pg-callback': 2, 'mysql2-callback': 2, 'mysql-callback': 4 };

test('each statement of 30 concurrent callers on pools of 2 is made for its own caller, in its own run', async () => {
  const spans = await runCallers('attribution/db-pools.mjs', receiver, CALLERS * SCENARIOS.length, { CALLERS: String(CALLERS), MONGO_URL });
  const { wrong, perCaller, callers } = misattributed(spans, isStatement);
  expect(callers).toBe(CALLERS * SCENARIOS.length);
  expect(wrongByScenario(wrong)).toEqual({});
  // The shared loader's one batch (30 callers, 24 runs and 6 plain requests): no run at all.
  const batch = spans.filter((s) => /dataloader batch/.test(String(s.attributes['db.query.text'])));
  expect(batch.map((s) => s.attributes['botanu.run_id'] ?? null)).toEqual([null]);
  const ownBatch = spans.filter((s) => /dataloader one-run batch/.test(String(s.attributes['db.query.text'])));
  expect(ownBatch.map((s) => s.attributes['botanu.customer_id'])).toEqual(['cust-one-run']);
  // What a connection opened inside a run does later for no one carries no run.
  const after = spans.filter((s) => s.name.startsWith('after '));
  expect(after.map((s) => [s.name, s.attributes['botanu.customer_id'] ?? null]).sort()).toEqual([
    ['after notification', null],
    ['after query callback', null],
  ]);
  expect(wrongCounts(perCaller, POOLS, CALLERS, (scenario) => PER_CALL[scenario] ?? 1)).toEqual({});
});
