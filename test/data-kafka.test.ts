// kafkajs, with no Kafka broker here: what can be checked without one, through
// kafkajs's own code. The producer's send span carries the run and writes
// traceparent + baggage into the message headers, which survive kafkajs's record
// encoding; in a separate consumer process the instrumentation's eachMessage path
// (reached through consumer.run, as an app calls it) continues the producer's
// trace and run into the handler's own Redis call. Not verified: a live broker.
import * as net from 'node:net';
import { runToEnd } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const service = (s: DecodedSpan) => s.resource['service.name'];
const isRedis = (s: DecodedSpan) => (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'redis';

test('kafkajs: the run rides in the message headers and continues in eachMessage / eachBatch', async () => {
  const DOWN_PORT = String(await closedPort());
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, DOWN_PORT };
  const [plain, produced] = await Promise.all([
    runToEnd('data/kafka-produce.cjs', { preload: 'none', env }),
    runToEnd('data/kafka-produce.cjs', { preload: 'require', env: { ...env, OTEL_SERVICE_NAME: 'producer' } }),
  ]);
  const out = JSON.parse(produced.stdout);
  // The app sees the same error (no broker) with and without the agent.
  expect(out.outcome).toBe(JSON.parse(plain.stdout).outcome);
  expect(JSON.parse(plain.stdout).headers).toEqual({});

  const spans1 = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/kafka-send') && all.some((s) => s.kind === SPAN_KIND.PRODUCER));
  const run = spans1.find((s) => s.name === 'botanu.run/kafka-send')!;
  const runId = run.attributes['botanu.run_id'];
  const send = spans1.find((s) => s.kind === SPAN_KIND.PRODUCER)!;
  expect(send).toMatchObject({ name: 'send documents', parentSpanId: run.spanId, status: { code: 2 } });
  expect(send.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 'documents', 'botanu.run_id': runId, 'botanu.customer_id': 'cust-k' });
  expect(out.headers.traceparent).toBe(`00-${send.traceId}-${send.spanId}-01`);
  expect(out.headers.baggage).toContain(`botanu.run_id=${runId}`);

  const consumed = await runToEnd('data/kafka-consume.cjs', { preload: 'require', env: { ...env, OTEL_SERVICE_NAME: 'consumer', RECORD: out.record } });
  expect({ code: consumed.code, stdout: consumed.stdout.trim() }).toEqual({ code: 0, stdout: 'HANDLED' });
  const spans = await receiver.waitFor((all) => all.filter((s) => service(s) === 'consumer' && s.kind === SPAN_KIND.CONSUMER).length >= 2 && all.filter((s) => service(s) === 'consumer' && isRedis(s)).length >= 2);
  const processes = spans.filter((s) => service(s) === 'consumer' && s.kind === SPAN_KIND.CONSUMER && s.name === 'process documents');
  // eachMessage: a child of the producer's send span; the handler's Redis call under it; all in the run.
  const each = processes.find((s) => s.parentSpanId === send.spanId)!;
  expect(each.traceId).toBe(send.traceId);
  const handlerCall = spans.find((s) => isRedis(s) && s.parentSpanId === each.spanId)!;
  for (const s of [each, handlerCall]) expect({ name: s.name, run: s.attributes['botanu.run_id'], wf: s.attributes['botanu.workflow'], cust: s.attributes['botanu.customer_id'] }).toEqual({ name: s.name, run: runId, wf: 'kafka-send', cust: 'cust-k' });
  // eachBatch: the message's process span links to the producer and carries its run
  // (a batch can mix runs, so the batch handler itself runs under the batch's poll span).
  const batched = processes.find((s) => s !== each)!;
  expect(batched.links.map((l) => l.spanId)).toContain(send.spanId);
  expect(batched.attributes['botanu.run_id']).toBe(runId);
  expect(consumed.stderr.split('\n').filter((l) => l && !/^\[botanu\] agent \S+ on Node /.test(l))).toEqual([]);
});
