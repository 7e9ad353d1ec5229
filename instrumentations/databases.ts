// Database and cache clients covered by maintained OpenTelemetry
// instrumentations, each built with the safe default for what lands in a span:
// query text as the app wrote it (placeholders, never the bound values), and
// Redis commands by name only (a key or an EVALSHA argument list can hold
// customer data: BullMQ passes whole job payloads as script arguments).
import type { Context, SpanOptions, Tracer } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { withCallerContext } from './caller-context/ioredis-commands';
import { Mysql2CallbacksInstrumentation } from './caller-context/mysql2-callbacks';
import { PgConnectionInstrumentation } from './caller-context/pg-connection';
import { alsoPatchDefaultExport } from './esm-default-export';

/* eslint-disable @typescript-eslint/no-require-imports */

/** `SET`, `EVALSHA`: the command name and nothing of its arguments. */
export function redisCommandName(cmdName: string): string {
  return String(cmdName);
}

export function createPgInstrumentation(): Instrumentation {
  new PgConnectionInstrumentation(); // enabled on construction: a client's socket carries no caller's run
  // enhancedDatabaseReporting (off) is what would add the bound values.
  return new (require('@opentelemetry/instrumentation-pg').PgInstrumentation)({ enhancedDatabaseReporting: false });
}

export function createMysql2Instrumentation(): Instrumentation {
  new Mysql2CallbacksInstrumentation(); // enabled on construction: pooled queries and callbacks run in their caller's context
  // Its default formats the bound values into db.query.text; keep the statement as written.
  return new (require('@opentelemetry/instrumentation-mysql2').MySQL2Instrumentation)({ maskStatement: true, maskStatementHook: (sql: string) => sql });
}

export function createMysqlInstrumentation(): Instrumentation {
  return alsoPatchDefaultExport(new (require('@opentelemetry/instrumentation-mysql').MySQLInstrumentation)({ enhancedDatabaseReporting: false }));
}

export function createIoredisInstrumentation(): Instrumentation {
  // Pipelined and offline-queued commands are traced in their caller's context (caller-context/ioredis-commands.ts).
  return withCallerContext(new (require('@opentelemetry/instrumentation-ioredis').IORedisInstrumentation)({ dbStatementSerializer: redisCommandName, requireParentSpan: true }));
}

export function createRedisInstrumentation(): Instrumentation {
  // Same as ioredis: commands outside any trace (pollers, health checks) make no root spans.
  return new (require('@opentelemetry/instrumentation-redis').RedisInstrumentation)({ dbStatementSerializer: redisCommandName, requireParentSpan: true });
}

export function createMongodbInstrumentation(): Instrumentation {
  // Without enhancedDatabaseReporting every value in the command is replaced by "?".
  return new (require('@opentelemetry/instrumentation-mongodb').MongoDBInstrumentation)({ enhancedDatabaseReporting: false });
}

export function createMongooseInstrumentation(): Instrumentation {
  // No dbStatementSerializer: no statement at all.
  return new (require('@opentelemetry/instrumentation-mongoose').MongooseInstrumentation)();
}

export function createKnexInstrumentation(): Instrumentation {
  return new (require('@opentelemetry/instrumentation-knex').KnexInstrumentation)();
}

/**
 * TypeORM's EntityManager spans (save, find, ...) put the call's arguments, JSON-encoded,
 * in db.query.text: the entity being saved, the where clause's values. Those spans keep
 * their name, table and operation but get no text; query-builder spans keep their SQL
 * (placeholders), since enhancedDatabaseReporting (off) is what would add the parameters.
 */
export function createTypeormInstrumentation(): Instrumentation {
  const instance = new (require('@opentelemetry/instrumentation-typeorm').TypeormInstrumentation)({ enhancedDatabaseReporting: false });
  let source: Tracer | undefined;
  let wrapped: Tracer | undefined;
  Object.defineProperty(instance, 'tracer', {
    configurable: true,
    get(this: { _tracer: Tracer }) {
      if (this._tracer !== source) {
        source = this._tracer;
        wrapped = withoutArgumentText(source);
      }
      return wrapped;
    },
  });
  return instance;
}

function withoutArgumentText(tracer: Tracer): Tracer {
  return {
    startSpan(name: string, options?: SpanOptions, ctx?: Context) {
      const text = options?.attributes?.['db.query.text'];
      if (typeof text === 'string' && text.startsWith('{')) {
        const { 'db.query.text': _dropped, ...attributes } = options!.attributes!;
        options = { ...options, attributes };
      }
      return tracer.startSpan(name, options, ctx);
    },
    startActiveSpan: tracer.startActiveSpan.bind(tracer) as Tracer['startActiveSpan'],
  };
}

export function createPrismaInstrumentation(): Instrumentation {
  // Prisma's client traces itself through a global helper this installs; no module is patched.
  return new (require('@prisma/instrumentation').PrismaInstrumentation)();
}

export function createCassandraInstrumentation(): Instrumentation {
  return new (require('@opentelemetry/instrumentation-cassandra-driver').CassandraDriverInstrumentation)({ enhancedDatabaseReporting: false });
}

export function createOracleInstrumentation(): Instrumentation {
  return new (require('@opentelemetry/instrumentation-oracledb').OracleInstrumentation)({ enhancedDatabaseReporting: false });
}
