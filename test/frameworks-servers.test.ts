// NestJS 12 (ES modules only), hapi 21, restify 12, connect 3 and hono 4 (on
// @hono/node-server) in CommonJS and ESM apps: one run calls a route of each over
// HTTP; each framework's own spans (Nest controller/handler, hapi route, restify
// and connect handlers, hono middleware and route handler) reach the receiver with
// the run, and the HTTP server span names the route. NestJS 11 (CommonJS) too.
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

describe.each([
  ['CommonJS app, --require', 'frameworks/servers.cjs', 'require'],
  ['ESM app, --import', 'frameworks/servers.mjs', 'import'],
] as const)('%s', (_label, script, preload) => {
  test('each framework has spans of its own, all carrying the run', async () => {
    const res = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'fw-app' } });
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|fail|warn/i) });
    expect(res.stdout.trim().split('\n')).toEqual(['200 nest', '200 hapi', '200 restify', '200 connect', '200 hono', 'DONE']);
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/frameworks') && all.some((s) => s.scope.name === '@botanu/instrumentation-hono'));
    const run = spans.find((s) => s.name === 'botanu.run/frameworks')!;
    const runId = run.attributes['botanu.run_id'];
    const names = (scope: string) => spans.filter((s) => s.scope.name === scope && s.traceId === run.traceId).map((s) => s.name).sort();

    expect(names('@opentelemetry/instrumentation-nestjs-core')).toEqual(['ItemsController.item', 'item']);
    expect(names('@opentelemetry/instrumentation-hapi')).toEqual(['route - /hapi/{id}']);
    expect(names('@opentelemetry/instrumentation-restify')).toEqual(['request handler - /restify/:id']);
    expect(names('@opentelemetry/instrumentation-connect')).toEqual(['request handler - /connect', 'request handler - /connect']);
    expect(names('@botanu/instrumentation-hono')).toEqual(['middleware - /*', 'request handler - /hono/:id']);
    const servers = spans.filter((s) => s.kind === SPAN_KIND.SERVER).map((s) => s.name).sort();
    expect(servers).toEqual(['GET /connect', 'GET /hapi/{id}', 'GET /hono/:id', 'GET /nest/:id', 'GET /restify/:id']);

    const inRun = spans.filter((s) => s.traceId === run.traceId);
    for (const s of inRun) expect({ name: s.name, run: s.attributes['botanu.run_id'], wf: s.attributes['botanu.workflow'], cust: s.attributes['botanu.customer_id'] }).toEqual({ name: s.name, run: runId, wf: 'frameworks', cust: 'cust-fw' });
    // The hono handler span is under its middleware's, under the server span.
    const honoHandler = inRun.find((s) => s.name === 'request handler - /hono/:id')!;
    const honoMiddleware = inRun.find((s) => s.name === 'middleware - /*')!;
    expect(honoHandler.parentSpanId).toBe(honoMiddleware.spanId);
    expect(inRun.find((s) => s.spanId === honoMiddleware.parentSpanId)!.name).toBe('GET /hono/:id');
  });
});

test('NestJS 11 (CommonJS, installed apart) has the same controller and handler spans, with the run', async () => {
  const res = await runToEnd('nest11.cjs', { preload: 'require', cwd: path.join(APP_DIR, 'frameworks', 'nest11'), env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'nest11-app' } });
  expect({ code: res.code, stdout: res.stdout.trim(), stderr: res.stderr }).toEqual({ code: 0, stdout: '200 nest\nDONE', stderr: expect.not.stringMatching(/error|fail|warn/i) });
  const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/nest11') && all.some((s) => s.name === 'ItemsController.item'));
  const run = spans.find((s) => s.name === 'botanu.run/nest11')!;
  const nest = spans.filter((s) => s.scope.name === '@opentelemetry/instrumentation-nestjs-core' && s.traceId === run.traceId);
  expect(nest.map((s) => s.name).sort()).toEqual(['ItemsController.item', 'item']);
  for (const s of nest) expect(s.attributes['botanu.run_id']).toBe(run.attributes['botanu.run_id']);
});
