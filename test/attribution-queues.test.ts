// Jobs and messages of many runs handled together (BullMQ concurrency 5,
// RabbitMQ prefetch 10): each handler's work is in its own job's run.
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { misattributed, runCallers, wrongByScenario, wrongCounts } from './helpers/attribution';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
});
afterAll(() => receiver.stop());

const SCENARIOS = ['bullmq', 'amqplib'];
const CALLERS = 30;
const isHandlerStatement = (s: DecodedSpan) => s.kind === 3 && /handled/.test(String(s.attributes['db.query.text']));

test("each job's and message's handler runs in its own caller's run", async () => {
  const spans = await runCallers('attribution/queue-batches.mjs', receiver, CALLERS * SCENARIOS.length, { CALLERS: String(CALLERS) });
  const { wrong, perCaller } = misattributed(spans, isHandlerStatement);
  expect(wrongByScenario(wrong)).toEqual({});
  expect(wrongCounts(perCaller, SCENARIOS, CALLERS, () => 1)).toEqual({});
});
