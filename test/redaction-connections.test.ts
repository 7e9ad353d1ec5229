// Credentialed connection URLs (DATABASE_URL / REDIS_URL / AMQP_URL style) to the
// real PostgreSQL, MariaDB, Redis and RabbitMQ: the spans keep host, port and
// database, and no password (nor the URL's userinfo) reaches the collector.
// MariaDB and Redis get a user with a password for this test (the local servers'
// own accounts have none); PostgreSQL trusts local connections, so any password works.
import { execFileSync } from 'node:child_process';
import { runToEnd } from './helpers/app';
import { leaks } from './helpers/planted';
import { OtlpReceiver, SPAN_KIND, type DecodedSpan } from './helpers/receiver';

const PG_PASSWORD = 'PLANTEDpgPassw0rd';
const MARIADB_PASSWORD = 'PLANTEDmariaPassw0rd';
const REDIS_PASSWORD = 'PLANTEDredisPassw0rd';
const USER = 'botanu_redact';

beforeAll(() => {
  execFileSync('mysql', ['-uroot', '-h127.0.0.1', '-e', `CREATE USER IF NOT EXISTS '${USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}'; ALTER USER '${USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}'; GRANT SELECT ON test.* TO '${USER}'@'%';`]);
  const acl = execFileSync('redis-cli', ['-h', '127.0.0.1', 'ACL', 'SETUSER', USER, 'reset', 'on', `>${REDIS_PASSWORD}`, '~fixture:*', '&*', '+@all'], { encoding: 'utf8' });
  expect(acl.trim()).toBe('OK');
});

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver({ keepRawBodies: true }).start();
});
afterEach(() => receiver.stop());

const system = (s: DecodedSpan) => String(s.attributes['db.system.name'] ?? s.attributes['db.system'] ?? s.attributes['messaging.system'] ?? '');

test('PostgreSQL, MariaDB, Redis (ioredis, node-redis) and RabbitMQ spans carry no password from the connection URL', async () => {
  const res = await runToEnd('data/credentialed-connections.cjs', {
    preload: 'require',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'credentialed',
      PG_URL: `postgres://postgres:${PG_PASSWORD}@127.0.0.1:5432/test?application_name=redaction`,
      MARIADB_URL: `mysql://${USER}:${MARIADB_PASSWORD}@127.0.0.1:3306/test`,
      REDIS_URL: `redis://${USER}:${REDIS_PASSWORD}@127.0.0.1:6379/0`,
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672/?heartbeat=30',
    },
  });
  expect({ code: res.code, stdout: res.stdout.trim(), stderr: res.stderr }).toEqual({ code: 0, stdout: 'DONE', stderr: expect.not.stringMatching(/error|fail|warn/i) });
  const spans = await receiver.waitFor(
    (all) => all.some((s) => s.name === 'botanu.run/credentialed-connections') && ['postgresql', 'mysql', 'redis', 'rabbitmq'].every((sys) => all.some((s) => system(s) === sys)),
  );
  const clients = spans.filter((s) => s.kind !== SPAN_KIND.INTERNAL && s.kind !== SPAN_KIND.SERVER);
  // The useful part stays: where each span went.
  for (const sys of ['postgresql', 'mysql', 'redis', 'rabbitmq']) {
    const one = clients.find((s) => system(s) === sys);
    expect({ sys, address: one?.attributes['server.address'] ?? one?.attributes['net.peer.name'] }).toEqual({ sys, address: '127.0.0.1' });
  }
  // amqplib records the connection URL (with the user name and '***' for the password): now fully redacted.
  const amqpUrls = clients.map((s) => s.attributes['messaging.url']).filter((u) => u !== undefined);
  expect(amqpUrls.length).toBeGreaterThan(0);
  for (const u of amqpUrls) expect(u).toBe('amqp://REDACTED:REDACTED@127.0.0.1:5672/?heartbeat=30');
  expect(leaks(receiver, [PG_PASSWORD, MARIADB_PASSWORD, REDIS_PASSWORD, 'guest'])).toEqual([]);
});
