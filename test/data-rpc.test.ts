// gRPC across processes: a client app (botanuWorkflow around its calls) and a
// server app with no tracing code. The server span, and what the handler does,
// carry the caller's run from the request metadata; a call outside any run has none.
import { runToEnd, startApp, type RunningApp } from './helpers/app';
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

const service = (s: DecodedSpan) => s.resource['service.name'];
const isRedis = (s: DecodedSpan) => (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'redis';

test("@grpc/grpc-js: client and server spans, and the server handler's work, carry the caller's run", async () => {
  const server = startApp('data/grpc-server.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'rpc-server' } });
  apps.push(server);
  const [, port] = await server.waitForOutput(/READY (\d+)/);
  const client = await runToEnd('data/grpc-client.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'rpc-client', GRPC_ADDRESS: `127.0.0.1:${port}` } });
  expect({ code: client.code, stdout: client.stdout.trim() }).toEqual({ code: 0, stdout: 'DONE' });

  const spans = await receiver.waitFor(
    (all) => all.some((s) => s.name === 'botanu.run/rpc-hop') && all.filter((s) => service(s) === 'rpc-server' && s.kind === SPAN_KIND.SERVER).length >= 2 && all.filter((s) => service(s) === 'rpc-server' && isRedis(s)).length >= 2,
    20_000,
  );
  const run = spans.find((s) => s.name === 'botanu.run/rpc-hop')!;
  const runId = run.attributes['botanu.run_id'];
  const calls = spans.filter((s) => service(s) === 'rpc-client' && s.kind === SPAN_KIND.CLIENT && s.attributes['rpc.system'] === 'grpc');
  expect(calls).toHaveLength(2);
  for (const c of calls) expect({ service: c.attributes['rpc.service'], method: c.attributes['rpc.method'] }).toEqual({ service: 'botanu.test.Docs', method: 'Summarize' });
  const callInRun = calls.find((c) => c.attributes['botanu.run_id'] === runId)!;
  const callNoRun = calls.find((c) => c.attributes['botanu.run_id'] === undefined)!;
  expect(callInRun.attributes['botanu.customer_id']).toBe('cust-rpc');

  const served = spans.filter((s) => service(s) === 'rpc-server' && s.kind === SPAN_KIND.SERVER);
  const servedInRun = served.find((s) => s.parentSpanId === callInRun.spanId)!;
  const servedNoRun = served.find((s) => s.parentSpanId === callNoRun.spanId)!;
  const redisUnder = (parent: DecodedSpan) => spans.find((s) => isRedis(s) && s.parentSpanId === parent.spanId)!;
  for (const s of [servedInRun, redisUnder(servedInRun)]) {
    expect({ name: s.name, run: s.attributes['botanu.run_id'], wf: s.attributes['botanu.workflow'], ev: s.attributes['botanu.event_id'], cust: s.attributes['botanu.customer_id'] }).toEqual({
      name: s.name,
      run: runId,
      wf: 'rpc-hop',
      ev: 'evt-rpc-1',
      cust: 'cust-rpc',
    });
  }
  for (const s of [servedNoRun, redisUnder(servedNoRun)]) expect({ name: s.name, run: s.attributes['botanu.run_id'] }).toEqual({ name: s.name, run: undefined });
});

test('AWS SDK v3: S3, SQS and DynamoDB calls are spans in the run; the SQS message carries the run, AWS HTTP headers never do', async () => {
  // A stand-in endpoint (no AWS here), run without the agent: it records what the SDK sends.
  const endpoint = startApp('data/aws-endpoint.cjs', { preload: 'none' });
  apps.push(endpoint);
  const [, port] = await endpoint.waitForOutput(/READY (\d+)/);
  const AWS_ENDPOINT = `http://127.0.0.1:${port}`;
  const app = await runToEnd('data/aws-app.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'aws-app', AWS_ENDPOINT } });
  expect({ code: app.code, stdout: app.stdout.trim() }).toEqual({ code: 0, stdout: 'DONE' });

  const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/aws-work') && all.filter((s) => s.attributes['rpc.system'] === 'aws-api').length >= 3);
  const run = spans.find((s) => s.name === 'botanu.run/aws-work')!;
  const runId = run.attributes['botanu.run_id'] as string;
  const aws = spans.filter((s) => s.attributes['rpc.system'] === 'aws-api');
  expect(aws.map((s) => `${s.attributes['rpc.service']}.${s.attributes['rpc.method']}`).sort()).toEqual(['DynamoDB.GetItem', 'S3.PutObject', 'SQS.SendMessage']);
  for (const s of aws) expect({ name: s.name, run: s.attributes['botanu.run_id'], cust: s.attributes['botanu.customer_id'], parent: s.parentSpanId }).toEqual({ name: s.name, run: runId, cust: 'cust-aws', parent: run.spanId });
  const byMethod = (m: string) => aws.find((s) => s.attributes['rpc.method'] === m)!;
  expect(byMethod('SendMessage')).toMatchObject({ kind: SPAN_KIND.PRODUCER, attributes: expect.objectContaining({ 'messaging.system': 'aws_sqs', 'messaging.destination.name': 'jobs' }) });
  expect(byMethod('GetItem').attributes['aws.dynamodb.table_names']).toEqual(['customers']);
  expect(byMethod('PutObject').attributes['aws.s3.bucket']).toBe('reports');
  // One span per AWS call: no HTTP client span under them.
  expect(spans.filter((s) => aws.some((a) => a.spanId === s.parentSpanId))).toEqual([]);

  const requests = (await (await fetch(`${AWS_ENDPOINT}/__requests`)).json()) as { target: string; headers: Record<string, string>; body: string }[];
  const send = requests.find((r) => r.target === 'AmazonSQS.SendMessage')!;
  const attrs = JSON.parse(send.body).MessageAttributes;
  expect(attrs.traceparent.StringValue).toContain(byMethod('SendMessage').spanId);
  expect(attrs.baggage.StringValue).toContain(`botanu.run_id=${runId}`);
  for (const r of requests) expect(Object.keys(r.headers)).not.toContain('baggage');
});

test('gRPC to a host the baggage boundary denies: the server gets the trace but not the run; the client span keeps it', async () => {
  const server = startApp('data/grpc-server.cjs', { preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'rpc-server' } });
  apps.push(server);
  const [, port] = await server.waitForOutput(/READY (\d+)/);
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'rpc-client', GRPC_ADDRESS: `127.0.0.1:${port}`, BOTANU_BAGGAGE_DENY_HOSTS: '127.0.0.1' };
  const client = await runToEnd('data/grpc-client.cjs', { preload: 'require', env });
  expect({ code: client.code, stdout: client.stdout.trim() }).toEqual({ code: 0, stdout: 'DONE' });
  const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/rpc-hop') && all.filter((s) => service(s) === 'rpc-server' && s.kind === SPAN_KIND.SERVER).length >= 2);
  const run = spans.find((s) => s.name === 'botanu.run/rpc-hop')!;
  const callInRun = spans.find((s) => s.kind === SPAN_KIND.CLIENT && s.attributes['rpc.system'] === 'grpc' && s.attributes['botanu.run_id'] === run.attributes['botanu.run_id'])!;
  expect(callInRun).toBeDefined();
  const served = spans.find((s) => s.kind === SPAN_KIND.SERVER && s.parentSpanId === callInRun.spanId)!;
  expect(served.traceId).toBe(callInRun.traceId);
  expect(Object.keys(served.attributes).filter((k) => k.startsWith('botanu.'))).toEqual([]);
});
