// mongodb and mongoose, with no MongoDB server here: the real driver and ODM
// against a stand-in server that speaks the wire protocol (OP_QUERY / OP_MSG),
// run without the agent. The receiver gets the driver's and mongoose's spans with
// db.* attributes, the run, and query shapes without values. Not verified: a real
// MongoDB server (replica sets, cursors beyond one batch, transactions).
import { runToEnd, startApp, type RunningApp } from './helpers/app';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
let endpoint: RunningApp;
let MONGO_URL: string;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
  endpoint = startApp('data/mongo-endpoint.cjs', { preload: 'none' });
  const [, port] = await endpoint.waitForOutput(/READY (\d+)/);
  MONGO_URL = `mongodb://127.0.0.1:${port}`;
});
afterEach(async () => {
  endpoint.kill('SIGKILL');
  await endpoint.exited;
  await receiver.stop();
});

describe.each([
  ['CommonJS app, --require', 'data/mongo-app.cjs', 'require'],
  ['ESM app, --import', 'data/mongo-app.mjs', 'import'],
] as const)('%s', (_label, script, preload) => {
  test('mongodb driver and mongoose spans carry the run and no field value', async () => {
    const app = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'mongo-app', MONGO_URL } });
    expect({ code: app.code, stdout: app.stdout.trim() }).toEqual({ code: 0, stdout: 'DONE' });
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/mongo-work') && all.filter((s) => s.scope.name === '@opentelemetry/instrumentation-mongoose').length >= 2);
    const run = spans.find((s) => s.name === 'botanu.run/mongo-work')!;
    const driver = spans.filter((s) => s.scope.name === '@opentelemetry/instrumentation-mongodb');
    const odm = spans.filter((s) => s.scope.name === '@opentelemetry/instrumentation-mongoose');
    // Driver: insert + find from the driver itself, and again under mongoose's save / findOne.
    expect(driver.filter((s) => s.attributes['db.collection.name'] === 'docs').map((s) => s.attributes['db.operation.name']).sort()).toEqual(['find', 'find', 'insert', 'insert']);
    expect(odm.map((s) => s.attributes['db.operation.name']).sort()).toEqual(['findOne', 'save']);
    for (const s of [...driver, ...odm]) {
      expect({ name: s.name, kind: s.kind, system: s.attributes['db.system.name'] ?? s.attributes['db.system'], run: s.attributes['botanu.run_id'], cust: s.attributes['botanu.customer_id'] }).toEqual({
        name: s.name,
        kind: SPAN_KIND.CLIENT,
        system: 'mongodb',
        run: run.attributes['botanu.run_id'],
        cust: 'cust-m',
      });
    }
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('secret-field-value');
  });
});
