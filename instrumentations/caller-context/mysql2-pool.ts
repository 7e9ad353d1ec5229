// mysql2's Pool hands a caller waiting for a connection the one another caller
// releases, by calling the waiting callback from the releasing query's
// callback, so the waiting caller's query (and its span) ran in the releasing
// caller's run. The callback given to Pool#getConnection (which pool.query and
// pool.execute, the promise API and PoolCluster all go through) is bound to
// its caller's context.
import { context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';

type GetConnection = (this: unknown, cb?: unknown, ...rest: unknown[]) => unknown;
interface PoolClass {
  prototype: { getConnection?: GetConnection };
}

const PATCHED = Symbol.for('botanu.mysql2.pool-caller');
const VERSIONS = [SUPPORTED_VERSIONS.mysql2.mysql2];

export function patchPool(Pool: PoolClass): PoolClass {
  const original = Pool?.prototype?.getConnection;
  if (typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[PATCHED]) return Pool;
  const wrapped = function getConnection(this: unknown, cb?: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const args = Array.prototype.slice.call(arguments);
    try {
      if (typeof cb === 'function') args[0] = context.bind(context.active(), cb);
    } catch {
      /* the callback as given */
    }
    return original.apply(this, args);
  };
  (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
  Pool.prototype.getConnection = wrapped;
  return Pool;
}

export class Mysql2PoolCallerInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('mysql2-pool'), {});
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile('mysql2/lib/pool.js', VERSIONS, patchPool, (e: PoolClass) => e);
    return [new InstrumentationNodeModuleDefinition('mysql2', VERSIONS, undefined, undefined, [file])];
  }
}
