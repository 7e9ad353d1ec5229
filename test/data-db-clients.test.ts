// Database and cache clients against the real local servers (PostgreSQL, MariaDB,
// Redis): a fixture app with no tracing code, started with the preload flag, does
// its work inside one run; the receiver gets one client span per call with the
// standard db.* attributes, the run context, and no bound values.
import { runToEnd } from './helpers/app';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

const SECRET = 'secret-bound-value';
const dbSystem = (s: DecodedSpan) => s.attributes['db.system.name'] ?? s.attributes['db.system'];
const dbText = (s: DecodedSpan) => s.attributes['db.query.text'] ?? s.attributes['db.statement'];

describe.each([
  ['CommonJS app, --require', 'data/db-clients.cjs', 'require'],
  ['ESM app, --import', 'data/db-clients.mjs', 'import'],
] as const)('%s', (_label, script, preload) => {
  test('pg, pg-pool, mysql2, mysql, knex, ioredis and redis v4/v5/v6 spans carry the run and no bound value', async () => {
    const res = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'db-app' } });
    expect({ code: res.code, stdout: res.stdout.trim(), stderr: res.stderr }).toEqual({ code: 0, stdout: 'DONE', stderr: expect.not.stringMatching(/error|fail|warn/i) });
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/db-clients') && all.filter((s) => dbSystem(s) === 'redis').length >= 8);
    const run = spans.find((s) => s.name === 'botanu.run/db-clients')!;
    const clients = spans.filter((s) => s.kind === SPAN_KIND.CLIENT && dbSystem(s) !== undefined);
    const bySystem = (sys: string) => clients.filter((s) => dbSystem(s) === sys);

    // pg: Client query, Pool query (pg-pool adds its connect span).
    expect(bySystem('postgresql').map(dbText)).toEqual(expect.arrayContaining(['SELECT $1::text AS v', 'SELECT 1 AS one']));
    // mysql2 and mysql (mysqljs), each once, as written.
    expect(bySystem('mysql').filter((s) => dbText(s) === 'SELECT ? AS v').map((s) => s.scope.name).sort()).toEqual(['@opentelemetry/instrumentation-mysql', '@opentelemetry/instrumentation-mysql2']);
    // knex: its own span (placeholders, not the bound value), with the pg query under it.
    const knexSpan = spans.find((s) => s.scope.name === '@opentelemetry/instrumentation-knex' && /pg_tables/.test(String(dbText(s))))!;
    expect(knexSpan).toBeDefined();
    expect(spans.some((s) => s.parentSpanId === knexSpan.spanId && dbSystem(s) === 'postgresql')).toBe(true);
    // Redis: SET + GET from each of ioredis, redis v4, v5, v6 (besides the clients'
    // own handshake commands); the command name only, never the key or value.
    const redis = bySystem('redis');
    const commands = redis.map((s) => String(dbText(s) ?? '').toUpperCase()).filter((c) => c === 'SET' || c === 'GET');
    expect(commands.sort()).toEqual(['GET', 'GET', 'GET', 'GET', 'SET', 'SET', 'SET', 'SET']);
    for (const s of redis) expect(String(dbText(s) ?? '')).toMatch(/^[A-Za-z.]*( [A-Za-z.]+)?$/);
    expect(new Set(redis.map((s) => s.scope.name))).toEqual(new Set(['@opentelemetry/instrumentation-ioredis', '@opentelemetry/instrumentation-redis']));

    for (const s of clients) {
      expect({ name: s.name, traceId: s.traceId, run: s.attributes['botanu.run_id'], wf: s.attributes['botanu.workflow'], ev: s.attributes['botanu.event_id'], cust: s.attributes['botanu.customer_id'] }).toEqual({
        name: s.name,
        traceId: run.traceId,
        run: run.attributes['botanu.run_id'],
        wf: 'db-clients',
        ev: 'evt-db-1',
        cust: 'cust-db',
      });
    }
    // The bound value reached the servers but no span.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(SECRET);
  });
});
