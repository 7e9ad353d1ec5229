// TypeORM 1 (PostgreSQL), Sequelize 6 (MariaDB), drizzle and Prisma 7 (PostgreSQL) in
// CommonJS and ESM apps, against the real local servers: each ORM's own spans
// (TypeORM's save/find/select, Sequelize's `INSERT`/`SELECT <table>`, drizzle's
// `drizzle SELECT`, Prisma's operation/db_query spans) reach the receiver above the
// driver's, carry the run, and
// hold no row value: not TypeORM's entity arguments, not drizzle's parameters.
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

describe.each([
  ['CommonJS app, --require', 'orm/orm.cjs', 'require'],
  ['ESM app, --import', 'orm/orm.mjs', 'import'],
] as const)('%s', (_label, script, preload) => {
  test('TypeORM, Sequelize, drizzle and Prisma spans carry the run, with the driver spans under them and no row value', async () => {
    const res = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'orm-app' } });
    expect({ code: res.code, stdout: res.stdout.trim(), stderr: res.stderr }).toEqual({ code: 0, stdout: 'DONE', stderr: expect.not.stringMatching(/error|fail|warn/i) });
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/orm') && all.some((s) => s.name === 'drizzle SELECT') && all.some((s) => s.name === 'prisma:client:disconnect'));
    const run = spans.find((s) => s.name === 'botanu.run/orm')!;
    const names = (scope: string) => spans.filter((s) => s.scope.name === scope).map((s) => s.name);

    expect(names('@opentelemetry/instrumentation-typeorm')).toEqual(expect.arrayContaining(['save botanu_typeorm_items', 'find botanu_typeorm_items', 'select botanu_typeorm_items']));
    expect(names('@botanu/instrumentation-sequelize')).toEqual(expect.arrayContaining(['INSERT', 'SELECT botanu_sequelize_items']));
    expect(names('@botanu/instrumentation-drizzle')).toEqual(['drizzle CREATE', 'drizzle INSERT', 'drizzle SELECT']);
    const prismaOps = spans.filter((s) => s.scope.name === 'prisma' && s.name === 'prisma:client:operation').map((s) => s.attributes.name);
    expect(prismaOps).toEqual(['executeRaw', 'BotanuItem.create', 'BotanuItem.findMany']);
    expect(spans.filter((s) => s.scope.name === 'prisma' && s.name === 'prisma:client:db_query').map((s) => String(s.attributes['db.query.text']).split(' ')[0])).toEqual(['CREATE', 'INSERT', 'SELECT']);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const childOf = (name: string) => spans.filter((s) => byId.get(s.parentSpanId)?.name === name).map((s) => s.scope.name);
    expect(childOf('drizzle SELECT')).toContain('@opentelemetry/instrumentation-pg');
    expect(childOf('SELECT botanu_sequelize_items')).toContain('@opentelemetry/instrumentation-mysql2');
    expect(childOf('find botanu_typeorm_items')).toContain('@opentelemetry/instrumentation-pg');
    expect(spans.find((s) => s.name === 'SELECT botanu_sequelize_items')!.attributes).toMatchObject({ 'db.system.name': 'mysql', 'db.operation.name': 'SELECT', 'db.collection.name': 'botanu_sequelize_items' });
    expect(spans.find((s) => s.name === 'drizzle SELECT')!.attributes['db.query.text']).toMatch(/^select "id", "name" from "botanu_drizzle_items" where "botanu_drizzle_items"\."name" = \$1$/);

    for (const s of spans) expect({ name: s.name, traceId: s.traceId, run: s.attributes['botanu.run_id'], cust: s.attributes['botanu.customer_id'] }).toEqual({ name: s.name, traceId: run.traceId, run: run.attributes['botanu.run_id'], cust: 'cust-orm' });
    const ormSpans = spans.filter((s) => /typeorm|sequelize|drizzle|prisma/.test(s.scope.name));
    expect(JSON.stringify(ormSpans.map((s) => s.attributes))).not.toContain('secret-orm-value');
  });
});
