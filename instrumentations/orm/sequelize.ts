// Sequelize has no maintained OpenTelemetry instrumentation; the driver under it
// (pg, mysql2, ...) makes the client spans. This adds one span per Sequelize
// query with the ORM's view of it: `SELECT botanu_items` (the query type and the
// model's table), db.system.name from the dialect, db.operation.name and
// db.collection.name. No SQL text: Sequelize inlines values into it.
// Every model method and raw query goes through Sequelize.prototype.query.
import { SpanKind, type Span } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { runInSpan } from '../span-around';
import { SUPPORTED_VERSIONS } from '../supported-versions';

type AnyFn = (...args: unknown[]) => unknown;
interface QueryOptions {
  type?: string;
  model?: { tableName?: string; getTableName?: () => unknown };
}
interface SequelizeLike {
  getDialect?: () => string;
}
type SequelizeClass = { prototype: Record<string, unknown> };

const WRAPPED = Symbol('botanu.sequelize.wrapped');
const DIALECT_SYSTEM: Record<string, string> = { postgres: 'postgresql', mysql: 'mysql', mariadb: 'mariadb', mssql: 'microsoft.sql_server', sqlite: 'sqlite', db2: 'ibm.db2', snowflake: 'snowflake', oracle: 'oracle.db' };

function startQuerySpan(tracer: InstrumentationBase['tracer'], self: SequelizeLike, options: QueryOptions | undefined): Span {
  const operation = String(options?.type ?? 'RAW').toUpperCase();
  const table = options?.model?.tableName;
  const dialect = typeof self?.getDialect === 'function' ? self.getDialect() : undefined;
  return tracer.startSpan(table ? `${operation} ${table}` : operation, {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.operation.name': operation,
      ...(table ? { 'db.collection.name': String(table) } : {}),
      ...(dialect ? { 'db.system.name': DIALECT_SYSTEM[dialect] ?? dialect } : {}),
    },
  });
}

export class SequelizeInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('sequelize'), config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition('sequelize', [SUPPORTED_VERSIONS.sequelize.sequelize], (exports: SequelizeClass & { Sequelize?: SequelizeClass; default?: SequelizeClass }) => {
      const cls = typeof exports === 'function' ? exports : (exports?.Sequelize ?? exports?.default);
      const proto = cls?.prototype;
      const original = proto?.query as (AnyFn & { [WRAPPED]?: true }) | undefined;
      if (!proto || typeof original !== 'function' || original[WRAPPED]) return exports;
      const instrumentation = this;
      const query = function query(this: SequelizeLike, ...args: unknown[]) {
        let span: Span | undefined;
        try {
          span = startQuerySpan(instrumentation.tracer, this, args[1] as QueryOptions | undefined);
        } catch {
          span = undefined;
        }
        return span ? runInSpan(span, () => original.apply(this, args)) : original.apply(this, args);
      };
      Object.defineProperty(query, 'length', { value: original.length, configurable: true });
      Object.defineProperty(query, WRAPPED, { value: true });
      Object.defineProperty(query, '__original', { value: original });
      proto.query = query;
      return exports;
    });
  }
}
