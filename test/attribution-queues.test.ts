// Jobs and messages of many runs handled together (BullMQ concurrency 5,
// RabbitMQ prefetch 10): each handler's work is in its own job's run. A kafkajs
// batch mixing runs: each message's process span carries its own run, the batch
// handler's work (done for all of them) carries none.
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { runToEnd } from './helpers/app';
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

test('a kafkajs batch of several runs: each message keeps its run, the batch handler carries none', async () => {
  receiver.clear();
  const r = await runToEnd('attribution/kafka-batch.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'kafka-batch' } });
  expect(r.stdout).toContain('DONE');
  const spans = await receiver.waitFor((all) => all.filter((s) => /\/kafka-batch\//.test(String(s.attributes['db.query.text']))).length >= 3 && all.filter((s) => s.name === 'process documents').length >= 3);
  const customer = (s: DecodedSpan) => s.attributes['botanu.customer_id'] ?? null;
  const processes = spans.filter((s) => s.name === 'process documents');
  expect(processes.map(customer).sort()).toEqual(['cust-a', 'cust-b', null]);
  const handled = spans.filter((s) => /\/kafka-batch\//.test(String(s.attributes['db.query.text'])));
  expect(handled.map(customer)).toEqual([null, null, null]);
});
