// Redis clients batching the commands of many callers: ioredis auto-pipelining
// and offline queue, node-redis v4/v5/v6 same-tick pipelining. Each command's
// span must be its own caller's child, in its caller's run, and only one.
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { misattributed, runCallers, wrongByScenario, wrongCounts } from './helpers/attribution';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
});
afterAll(() => receiver.stop());

const SCENARIOS = ['ioredis-autopipelining', 'ioredis-offline-queue', 'node-redis-v4', 'node-redis-v5', 'node-redis-v6'];
const CALLERS = 30;
const isGet = (s: DecodedSpan) => s.kind === 3 && /get$/i.test(s.name);

test('one span per command of 30 concurrent callers, each in its own caller and run', async () => {
  const out: { stdout?: string } = {};
  const spans = await runCallers('attribution/redis-batches.mjs', receiver, CALLERS * SCENARIOS.length, { CALLERS: String(CALLERS) }, out);
  const { wrong, perCaller, callers } = misattributed(spans, isGet);
  expect(callers).toBe(CALLERS * SCENARIOS.length);
  expect(wrongByScenario(wrong)).toEqual({});
  // A batch sent in its first caller's context shows as that caller getting every span of it.
  expect(wrongCounts(perCaller, SCENARIOS, CALLERS, () => 1)).toEqual({});

  // After the server dropped the connection a run had opened: nothing the client
  // did on its own (reconnect, ready check) nor the subscriber's listener (opened
  // in that run too) carries the run.
  const dropped = BigInt(/DROPPED (\d+)/.exec(out.stdout ?? '')![1]) * 1_000_000n;
  const opener = spans.filter((s) => s.attributes['botanu.customer_id'] === 'cust-opener');
  expect(opener.filter((s) => s.name === 'ping')).toHaveLength(1); // the one its connect callback made
  expect(opener.filter((s) => s.startTimeUnixNano >= dropped).map((s) => s.name)).toEqual([]);
});
