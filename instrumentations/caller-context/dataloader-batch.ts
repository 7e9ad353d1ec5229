// DataLoader collects the keys loaded in one tick into a batch and calls the
// batch function once, scheduled by the first load: in the first caller's
// context. A loader shared by several runs (one per process rather than one
// per request) then did everyone's batch in the first caller's run: the batch's
// statement and HTTP calls, their spans and their baggage, carried that run.
// Each batch remembers the context of every load that joined it; when they are
// not all the same run (a plain request counts as "no run"), the batch runs in
// the first caller's context without the botanu.* baggage, so its work carries
// no one's run (the batch span of instrumentation-dataloader links each load).
import { context, propagation, type Context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { BOTANU_PREFIX, botanuScope, RUN_ID } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { runIn } from './run-in';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
interface Batch {
  keys: unknown[];
  hasDispatched?: boolean;
}
interface Loader {
  _batch?: Batch | null;
  _batchScheduleFn?: ((cb: () => void) => void) & { [SCHEDULE]?: true };
}
interface LoaderClass {
  prototype: { load?: Fn };
}

const PATCHED = Symbol.for('botanu.dataloader.batch-callers');
const SCHEDULE = Symbol('botanu.dataloader.schedule');
const VERSIONS = [SUPPORTED_VERSIONS.dataloader.dataloader];

// Batch → the contexts of the loads that joined it (dropped with the batch).
const callersOf = new WeakMap<Batch, Context[]>();

function runOf(ctx: Context): string | undefined {
  return propagation.getBaggage(ctx)?.getEntry(RUN_ID)?.value;
}

/** The context a batch runs in: undefined (unchanged) when its callers share one run or none. */
export function batchContext(callers: Context[] | undefined): Context | undefined {
  if (!callers || callers.length < 2) return undefined;
  const first = runOf(callers[0]);
  if (callers.every((c) => runOf(c) === first)) return undefined;
  const bag = propagation.getBaggage(callers[0]);
  if (!bag) return undefined;
  let cleaned = bag;
  for (const [key] of bag.getAllEntries()) if (key.startsWith(BOTANU_PREFIX)) cleaned = cleaned.removeEntry(key);
  return cleaned.getAllEntries().length ? propagation.setBaggage(callers[0], cleaned) : propagation.deleteBaggage(callers[0]);
}

/** The loader's scheduler, so the batch it dispatches runs in batchContext(its callers). */
function scheduleInBatchContext(loader: Loader): void {
  const schedule = loader._batchScheduleFn;
  if (typeof schedule !== 'function' || schedule[SCHEDULE]) return;
  const wrapped = function (this: unknown, dispatch: () => void) {
    // Called by DataLoader right after it made the new batch the current one.
    const batch = loader._batch;
    return schedule.call(this, function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      return runIn(batch ? batchContext(callersOf.get(batch)) : undefined, dispatch as Fn, this, arguments);
    });
  } as NonNullable<Loader['_batchScheduleFn']>;
  wrapped[SCHEDULE] = true;
  loader._batchScheduleFn = wrapped;
}

export function patchDataLoader<T>(exports: T): T {
  const Loader = ((exports as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module' ? (exports as { default: unknown }).default : exports) as LoaderClass;
  const original = Loader?.prototype?.load;
  if (typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[PATCHED]) return exports;
  const wrapped = function load(this: Loader, _key: unknown): unknown {
    let before: Batch | null | undefined;
    let size = 0;
    try {
      scheduleInBatchContext(this);
      before = this._batch;
      size = before?.keys.length ?? 0;
    } catch {
      /* load as DataLoader does */
    }
    // eslint-disable-next-line prefer-rest-params
    const result = original.apply(this, arguments as unknown as unknown[]);
    try {
      // Only a load that joined a batch (not a cache hit) is one of its callers.
      const batch = this._batch;
      if (batch && !batch.hasDispatched && (batch !== before || batch.keys.length !== size)) {
        const callers = callersOf.get(batch);
        if (callers) callers.push(context.active());
        else callersOf.set(batch, [context.active()]);
      }
    } catch {
      /* bookkeeping only */
    }
    return result;
  };
  (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
  Loader.prototype.load = wrapped as Fn;
  return exports;
}

export class DataLoaderBatchInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('dataloader-batch'), {});
  }

  protected init() {
    return [new InstrumentationNodeModuleDefinition('dataloader', VERSIONS, patchDataLoader, (e: unknown) => e)];
  }
}
