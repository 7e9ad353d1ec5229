// graphql 17 (which traces itself on diagnostics channels; the upstream
// instrumentation covers < 17 only) behind graphql-http, with a DataLoader in a
// resolver, in CommonJS and ESM apps: parse, validate and the named operation
// become spans nested as they ran (the DataLoader batch and its HTTP call under
// the operation: no resolver spans on 17, whose resolve channel changes results
// once subscribed), all carrying the run; no argument value reaches a span. And Apollo Server 5 on graphql 16 (installed apart: its peer
// range excludes 17), covered by the upstream instrumentation the same way.
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
  ['CommonJS app, --require', 'frameworks/graphql.cjs', 'require'],
  ['ESM app, --import', 'frameworks/graphql.mjs', 'import'],
] as const)('%s', (_label, script, preload) => {
  test('graphql 17 operation and parse/validate spans nest and carry the run', async () => {
    const res = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'gql-app' } });
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|fail|warn/i) });
    expect(res.stdout).toContain('{"data":{"user":{"id":"secret-id-7","name":"user-secret-id-7"},"hello":"world"}}');
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/graphql') && all.some((s) => s.name === 'query GetUser'));
    const run = spans.find((s) => s.name === 'botanu.run/graphql')!;
    const gql = spans.filter((s) => s.scope.name === '@opentelemetry/instrumentation-graphql');
    // Over HTTP (named) and in-process (anonymous): parse, validate, operation; no resolver spans.
    expect(gql.map((s) => s.name).sort()).toEqual(['graphql.parse', 'graphql.parse', 'graphql.validate', 'graphql.validate', 'query', 'query GetUser']);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentName = (name: string) => byId.get(spans.find((s) => s.name === name)!.parentSpanId)?.name;
    expect(parentName('query GetUser')).toBe('POST');
    expect(parentName('dataloader.load')).toBe('query GetUser');
    expect(spans.find((s) => s.name === 'query GetUser')!.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'GetUser' });
    for (const s of spans) expect({ name: s.name, traceId: s.traceId, run: s.attributes['botanu.run_id'], cust: s.attributes['botanu.customer_id'] }).toEqual({ name: s.name, traceId: run.traceId, run: run.attributes['botanu.run_id'], cust: 'cust-gql' });
    expect(JSON.stringify(gql.map((s) => s.attributes))).not.toContain('secret-id-7');
  });
});

describe.each([
  ['CommonJS app, --require', 'apollo.cjs', 'require'],
  ['ESM app, --import', 'apollo.mjs', 'import'],
] as const)('Apollo Server 5, graphql 16, %s', (_label, script, preload) => {
  test('operation, parse/validate and resolver spans nest and carry the run', async () => {
    const res = await runToEnd(script, { preload, cwd: path.join(APP_DIR, 'frameworks', 'apollo'), env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'apollo-app' } });
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|fail|warn/i) });
    expect(res.stdout).toContain('{"data":{"user":{"id":"secret-id-7","name":"user-secret-id-7"},"hello":"world"}}');
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/apollo') && all.some((s) => s.name === 'query GetUser'));
    const run = spans.find((s) => s.name === 'botanu.run/apollo')!;
    const inRun = spans.filter((s) => s.traceId === run.traceId);
    expect(inRun.filter((s) => s.scope.name === '@opentelemetry/instrumentation-graphql').map((s) => s.name)).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate', 'query GetUser', 'graphql.resolve user', 'graphql.resolve hello']));
    const byId = new Map(inRun.map((s) => [s.spanId, s]));
    const users = inRun.find((s) => s.kind === SPAN_KIND.SERVER && s.attributes['url.path'] === '/users')!;
    // The called server's span, under the client call, under the resolver that made it.
    expect(byId.get(byId.get(users.parentSpanId)!.parentSpanId)!.name).toBe('graphql.resolve user');
    for (const s of inRun) expect({ name: s.name, run: s.attributes['botanu.run_id'], cust: s.attributes['botanu.customer_id'] }).toEqual({ name: s.name, run: run.attributes['botanu.run_id'], cust: 'cust-apollo' });
    expect(JSON.stringify(inRun.filter((s) => /graphql/.test(s.scope.name)).map((s) => s.attributes))).not.toContain('secret-id-7');
  });
});
