// Which thread the agent starts in, without loading node:worker_threads on the
// main thread (1.6 ms of a startup, for one boolean): a worker thread, Node's
// module-hooks thread included, has always loaded it before any preload runs, so
// a process whose module list lacks it is on its main thread.
type WorkerThreads = typeof import('node:worker_threads');

function workerThreads(): WorkerThreads | undefined {
  const loaded = (process as NodeJS.Process & { moduleLoadList?: unknown }).moduleLoadList;
  if (Array.isArray(loaded) && !loaded.includes('NativeModule worker_threads')) return undefined;
  try {
    return require('node:worker_threads') as WorkerThreads;
  } catch {
    return undefined;
  }
}

export function isMainThread(): boolean {
  return workerThreads()?.isMainThread ?? true;
}

/**
 * Node's own hooks worker: not the main thread, and unlike every worker the app
 * creates (new Worker), it has no parentPort.
 */
export function isHooksThread(): boolean {
  const wt = workerThreads();
  return wt !== undefined && !wt.isMainThread && wt.parentPort === null;
}
