// A pg client (a pooled one too) opened its socket in the context of the caller
// that connected it, so everything the socket later did ran in that caller's
// run, long after it ended: a `notification` listener, and the callback of a
// query made by a caller with no span (instrumentation-pg binds only callers
// that have one). The socket now opens in the root context; the connect
// callback (pg-pool's included) and the `pg.connect` span stay the caller's.
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { runIn } from './run-in';

type Connect = (this: unknown, ...args: unknown[]) => unknown;
interface ClientClass {
  prototype: { _connect?: Connect };
}

const PATCHED = Symbol.for('botanu.pg.root-connection');
const VERSIONS = [SUPPORTED_VERSIONS.pg.pg];

/** Client#_connect (where the socket is made; Client#connect, which instrumentation-pg traces, calls it). */
export function patchClient(Client: ClientClass): ClientClass {
  const original = Client?.prototype?._connect;
  if (typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[PATCHED]) return Client;
  const wrapped = function _connect(this: unknown, callback?: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const args = Array.prototype.slice.call(arguments);
    try {
      if (typeof callback === 'function') args[0] = context.bind(context.active(), callback);
    } catch {
      return original.apply(this, args);
    }
    return runIn(ROOT_CONTEXT, original, this, args);
  };
  (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
  Client.prototype._connect = wrapped;
  return Client;
}

export class PgConnectionInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('pg-connection'), {});
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile('pg/lib/client.js', VERSIONS, patchClient, (e: ClientClass) => e);
    return [new InstrumentationNodeModuleDefinition('pg', VERSIONS, undefined, undefined, [file])];
  }
}
