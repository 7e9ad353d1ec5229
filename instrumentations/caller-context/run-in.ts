// The one primitive every deferred-execution fix uses: run a library's own
// function in the context its caller had, not the one that happens to be
// active when the library gets round to it (a socket callback, a drained
// queue, a setImmediate shared by a batch).
import { context, type Context } from '@opentelemetry/api';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** `fn.apply(self, args)` inside `caller` (no context switch when it is already active). */
export function runIn(caller: Context | undefined, fn: Fn, self: unknown, args: ArrayLike<unknown>): unknown {
  if (caller === undefined || caller === context.active()) return fn.apply(self, args as unknown[]);
  return context.with(caller, () => fn.apply(self, args as unknown[]));
}
