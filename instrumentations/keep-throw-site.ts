// How the http instrumentation (http/server.ts) runs the app's 'request'
// handler. @opentelemetry/instrumentation-http ran it in safeExecuteInTheMiddle,
// which catches and rethrows: Node then reported a crash at the rethrow (in the
// agent's bundle), not at the app's own throw site. Here the exception is never
// caught: it goes on from where the app threw it (try/finally), so the crash
// report reads as it does without the agent. The span still learns the error
// when it turns out uncaught (uncaughtExceptionMonitor runs before the process
// dies); caught further up, the response's own close ends the span as usual.

type OnFinish<T> = (error: unknown, result: T | undefined) => void;

const waiting = new Set<(error: unknown) => void>();
let monitoring = false;

function onUncaught(error: unknown): void {
  for (const finish of waiting) {
    try {
      finish(error);
    } catch {
      /* onFinish rethrows by design: the exception is already on its way */
    }
  }
  waiting.clear();
}

export function executeKeepingThrowSite<T>(execute: () => T, onFinish: OnFinish<T>): T {
  let returned = false;
  let result: T | undefined;
  try {
    result = execute();
    returned = true;
  } finally {
    if (!returned) {
      const finish = (error: unknown) => onFinish(error, undefined);
      waiting.add(finish);
      if (!monitoring) {
        monitoring = true;
        process.on('uncaughtExceptionMonitor', onUncaught);
      }
      // Caught by an outer frame after all: not ours to report.
      queueMicrotask(() => waiting.delete(finish));
    }
  }
  onFinish(undefined, result);
  return result as T;
}
