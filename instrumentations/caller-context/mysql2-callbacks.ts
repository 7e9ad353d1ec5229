// mysql2 calls back from its connection's socket, and a pooled connection's
// socket runs in the context of whichever caller opened it: that caller's run
// leaked into everyone's callbacks.
// - Pool#getConnection: a caller waiting for a connection gets the one another
//   caller releases, from the releasing query's callback, so the waiting
//   caller's query (and its span) ran in the releasing caller's run;
// - Connection#query / #execute with a callback (or a Query whose onResult is
//   one, as the pool passes): the callback, and whatever the app does next in
//   it, ran in the run that opened the connection.
// Each callback is bound to its caller's context (the promise API, PoolCluster
// and pool.query/execute all go through these).
import { context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';

type Method = (this: unknown, ...args: unknown[]) => unknown;
interface Prototype {
  prototype: Record<string, Method | undefined>;
}

const PATCHED = Symbol.for('botanu.mysql2.caller-callbacks');
const VERSIONS = [SUPPORTED_VERSIONS.mysql2.mysql2];

function bindCallbacks(args: unknown[]): void {
  const ctx = context.active();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === 'function') {
      args[i] = context.bind(ctx, a);
      return; // the first function is the callback (query(sql, cb), query(sql, values, cb), getConnection(cb))
    }
    // A Query command object (pool.query hands the connection one) carries its callback as onResult.
    const onResult = (a as { onResult?: unknown } | null)?.onResult;
    if (i === 0 && a !== null && typeof a === 'object' && typeof onResult === 'function') (a as { onResult: unknown }).onResult = context.bind(ctx, onResult);
  }
}

/** Wraps `names` where the class's prototype chain defines them, so each call's callback runs in its caller's context. */
function patchMethods<T extends Prototype>(Class: T, names: string[]): T {
  for (const name of names) {
    // The prototype that owns the method (mysql2 3.x: the base class), the one
    // instrumentation-mysql2 wraps too, so both wrappers stay in one chain.
    let proto: Record<string, Method | undefined> | null = Class?.prototype ?? null;
    while (proto && !Object.prototype.hasOwnProperty.call(proto, name)) proto = Object.getPrototypeOf(proto);
    if (!proto) continue;
    const original = proto[name];
    if (typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[PATCHED]) continue;
    const wrapped = {
      [name](this: unknown): unknown {
        // eslint-disable-next-line prefer-rest-params
        const args = Array.prototype.slice.call(arguments);
        try {
          bindCallbacks(args);
        } catch {
          /* the callback as given */
        }
        return original.apply(this, args);
      },
    }[name];
    Object.defineProperty(wrapped, 'length', { value: original.length });
    (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
    proto[name] = wrapped;
  }
  return Class;
}

export const patchPool = <T extends Prototype>(Pool: T): T => patchMethods(Pool, ['getConnection']);
export const patchConnection = <T extends Prototype>(Connection: T): T => patchMethods(Connection, ['query', 'execute']);

export class Mysql2CallbacksInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('mysql2-callbacks'), {});
  }

  protected init() {
    const same = <T>(e: T) => e;
    const files = [
      new InstrumentationNodeModuleFile('mysql2/lib/pool.js', VERSIONS, patchPool, same),
      new InstrumentationNodeModuleFile('mysql2/lib/connection.js', VERSIONS, patchConnection, same),
    ];
    return [new InstrumentationNodeModuleDefinition('mysql2', VERSIONS, undefined, undefined, files)];
  }
}
