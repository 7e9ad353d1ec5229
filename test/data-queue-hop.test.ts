// The run context crossing a queue: producer and consumer are separate processes
// with the agent preloaded and no tracing code (the producer wraps its work in
// botanuWorkflow). Each consumer span, and what the handler does (a Redis call),
// carries the producer's run, read from the message; the consumer trace links to
// the producer; a message sent outside any run is consumed with no run at all.
import { startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

let receiver: OtlpReceiver;
let apps: RunningApp[] = [];
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  apps = [];
});
afterEach(async () => {
  for (const a of apps) a.kill('SIGKILL');
  await Promise.all(apps.map((a) => a.exited));
  await receiver.stop();
});

const RUN_KEYS = ['botanu.run_id', 'botanu.workflow', 'botanu.event_id', 'botanu.customer_id'] as const;
const runOf = (s: DecodedSpan) => Object.fromEntries(RUN_KEYS.map((k) => [k, s.attributes[k]]));
const service = (s: DecodedSpan) => s.resource['service.name'];
const isRedis = (s: DecodedSpan) => (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'redis';
/** The handler's own call (handler-work.cjs), not the client library's Redis traffic (BullMQ's scripts). */
const isHandlerCall = (s: DecodedSpan) => isRedis(s) && String(s.attributes['db.query.text'] ?? s.attributes['db.statement']).toUpperCase() === 'GET';

/** The consumer-side spans descending from `root` (itself included). */
function subtree(all: DecodedSpan[], root: DecodedSpan): DecodedSpan[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...all.filter((s) => s.parentSpanId === out[i].spanId && s.traceId === root.traceId));
  return out;
}

interface Broker {
  system: string;
  producer: string;
  consumer: string;
  preload: 'require' | 'import';
}

const BROKERS: [string, Broker][] = [
  ['amqplib (RabbitMQ)', { system: 'rabbitmq', producer: 'data/amqp-producer.cjs', consumer: 'data/amqp-consumer.cjs', preload: 'require' }],
  ['nats (core publish → callback subscription)', { system: 'nats', producer: 'data/nats-publisher.cjs', consumer: 'data/nats-subscriber.cjs', preload: 'require' }],
  ['nats 3.x (@nats-io/transport-node, ESM)', { system: 'nats', producer: 'data/nats3-publisher.mjs', consumer: 'data/nats3-subscriber.mjs', preload: 'import' }],
  ['nats JetStream (js.publish → consume({ callback }))', { system: 'nats', producer: 'data/nats-js-publisher.cjs', consumer: 'data/nats-js-consumer.cjs', preload: 'require' }],
  ['mqtt 5 (Mosquitto; CJS publisher → ESM subscriber)', { system: 'mqtt', producer: 'data/mqtt-publisher.cjs', consumer: 'data/mqtt-subscriber.mjs', preload: 'import' }],
  ['BullMQ (ESM queue.add → CJS worker)', { system: 'bullmq', producer: 'data/bullmq-producer.mjs', consumer: 'data/bullmq-worker.cjs', preload: 'import' }],
  ['BullMQ sandboxed processor (a file BullMQ runs in a child process)', { system: 'bullmq', producer: 'data/bullmq-producer.mjs', consumer: 'data/bullmq-sandbox-worker.cjs', preload: 'require' }],
];

describe.each(BROKERS)('%s', (_label, broker) => {
  test("consumer spans and the handler's work carry the producer's run; a message without one has none", async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, QUEUE: `botanu-test-${process.pid}-${Date.now()}` };
    const consumer = startApp(broker.consumer, { preload: broker.preload, env: { ...env, OTEL_SERVICE_NAME: 'consumer' } });
    apps.push(consumer);
    await consumer.waitForOutput(/READY/, 30_000);
    const producer = startApp(broker.producer, { preload: broker.preload, env: { ...env, OTEL_SERVICE_NAME: 'producer' } });
    apps.push(producer);
    await producer.waitForOutput(/SENT/, 30_000);
    await consumer.waitForOutput(/HANDLED 2/, 30_000);
    expect(await consumer.exited).toEqual({ code: 0, signal: null });
    for (const a of [producer, consumer]) expect(a.stderr()).not.toMatch(/error|fail|warn/i);

    const spans = await receiver.waitFor(
      (all) =>
        all.some((s) => s.name === 'botanu.run/queue-hop') &&
        all.filter((s) => service(s) === 'producer' && s.kind === SPAN_KIND.PRODUCER).length >= 2 &&
        all.filter((s) => service(s) === 'consumer' && s.kind === SPAN_KIND.CONSUMER).length >= 2 &&
        all.filter((s) => service(s) === 'consumer' && isHandlerCall(s)).length >= 2,
      20_000,
    );
    const run = spans.find((s) => s.name === 'botanu.run/queue-hop')!;
    const expected = { 'botanu.run_id': run.attributes['botanu.run_id'], 'botanu.workflow': 'queue-hop', 'botanu.event_id': 'evt-q-1', 'botanu.customer_id': 'cust-q' };
    const sends = spans.filter((s) => service(s) === 'producer' && s.kind === SPAN_KIND.PRODUCER);
    const sendInRun = sends.find((s) => s.attributes['botanu.run_id'] === expected['botanu.run_id'])!;
    const sendNoRun = sends.find((s) => s.attributes['botanu.run_id'] === undefined)!;
    expect(runOf(sendInRun)).toEqual(expected);
    expect(sendNoRun).toBeDefined();
    for (const s of [sendInRun, sendNoRun]) expect(s.attributes['messaging.system']).toBe(broker.system);

    const consumed = spans.filter((s) => service(s) === 'consumer' && s.kind === SPAN_KIND.CONSUMER);
    const linksTo = (c: DecodedSpan, p: DecodedSpan) => (c.traceId === p.traceId && c.parentSpanId === p.spanId) || c.links.some((l) => l.spanId === p.spanId);
    const processInRun = consumed.find((c) => linksTo(c, sendInRun))!;
    const processNoRun = consumed.find((c) => linksTo(c, sendNoRun))!;
    expect(processInRun).toBeDefined();
    expect(processNoRun).toBeDefined();
    expect(processInRun.attributes['messaging.system']).toBe(broker.system);

    // Everything on the consumer side of the run's message, the handler's Redis call included.
    const inRun = subtree(spans, processInRun);
    expect(inRun.some(isHandlerCall)).toBe(true);
    for (const s of inRun) expect({ name: s.name, service: service(s), ...runOf(s) }).toEqual({ name: s.name, service: 'consumer', ...expected });
    const noRun = subtree(spans, processNoRun);
    expect(noRun.some(isHandlerCall)).toBe(true);
    for (const s of noRun) expect({ name: s.name, run: s.attributes['botanu.run_id'] }).toEqual({ name: s.name, run: undefined });
  });
});

test("nats `for await` subscription: each message's receive span carries the producer's run", async () => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, QUEUE: `botanu-test-${process.pid}-${Date.now()}` };
  const consumer = startApp('data/nats-iter-subscriber.cjs', { preload: 'require', env: { ...env, OTEL_SERVICE_NAME: 'consumer' } });
  apps.push(consumer);
  await consumer.waitForOutput(/READY/, 30_000);
  const producer = startApp('data/nats-publisher.cjs', { preload: 'require', env: { ...env, OTEL_SERVICE_NAME: 'producer' } });
  apps.push(producer);
  await consumer.waitForOutput(/HANDLED 2/, 30_000);
  const spans = await receiver.waitFor((all) => all.filter((s) => service(s) === 'consumer' && s.kind === SPAN_KIND.CONSUMER).length >= 2 && all.some((s) => s.name === 'botanu.run/queue-hop'));
  const run = spans.find((s) => s.name === 'botanu.run/queue-hop')!;
  const sends = spans.filter((s) => service(s) === 'producer' && s.kind === SPAN_KIND.PRODUCER);
  const received = spans.filter((s) => service(s) === 'consumer' && s.kind === SPAN_KIND.CONSUMER);
  expect(received.map((s) => s.name)).toEqual([`receive ${env.QUEUE}`, `receive ${env.QUEUE}`]);
  const fromRun = received.find((r) => sends.some((p) => p.spanId === r.parentSpanId && p.attributes['botanu.run_id'] === run.attributes['botanu.run_id']))!;
  const fromNoRun = received.find((r) => r !== fromRun)!;
  expect(runOf(fromRun)).toEqual({ 'botanu.run_id': run.attributes['botanu.run_id'], 'botanu.workflow': 'queue-hop', 'botanu.event_id': 'evt-q-1', 'botanu.customer_id': 'cust-q' });
  expect(fromNoRun.attributes['botanu.run_id']).toBeUndefined();
});

test('a consumer with BOTANU_TRUST_INCOMING_BAGGAGE=false continues the trace but takes no run from messages', async () => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, QUEUE: `botanu-test-${process.pid}-${Date.now()}` };
  const consumer = startApp('data/nats-subscriber.cjs', { preload: 'require', env: { ...env, OTEL_SERVICE_NAME: 'consumer', BOTANU_TRUST_INCOMING_BAGGAGE: 'false' } });
  apps.push(consumer);
  await consumer.waitForOutput(/READY/, 30_000);
  const producer = startApp('data/nats-publisher.cjs', { preload: 'require', env: { ...env, OTEL_SERVICE_NAME: 'producer' } });
  apps.push(producer);
  await consumer.waitForOutput(/HANDLED 2/, 30_000);
  const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/queue-hop') && all.filter((s) => service(s) === 'consumer' && isRedis(s)).length >= 2);
  const run = spans.find((s) => s.name === 'botanu.run/queue-hop')!;
  const sendInRun = spans.find((s) => s.kind === SPAN_KIND.PRODUCER && s.attributes['botanu.run_id'] === run.attributes['botanu.run_id'])!;
  const processed = spans.find((s) => service(s) === 'consumer' && s.parentSpanId === sendInRun.spanId)!;
  expect(processed.traceId).toBe(sendInRun.traceId);
  for (const s of subtree(spans, processed)) expect(Object.keys(s.attributes).filter((k) => k.startsWith('botanu.'))).toEqual([]);
});
