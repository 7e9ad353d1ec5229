// Watches a streamed LLM response as the app reads it, so the GenAI span can
// end when the stream does: consumed to the end, cancelled (break / return /
// abort) or failed. The app receives the very same chunk objects, in the same
// order, as soon as the SDK yields them: nothing is altered, buffered or delayed.
// A stream the app drops without reading to the end is reported as cancelled
// when it is garbage-collected, so its span cannot leak.

export type StreamEnd = { kind: 'done' } | { kind: 'cancelled' } | { kind: 'error'; error: unknown };

export interface StreamObserver<T> {
  /** Each chunk, synchronously, before the app sees it. Must not throw (it is guarded anyway). */
  onChunk?(chunk: T): void;
  /** Exactly once. Must not hold a reference to the stream (that would defeat the GC safety net). */
  onEnd(end: StreamEnd): void;
}

/** Errors an SDK raises when the app itself aborted the request. */
export function isAbortError(err: unknown): boolean {
  const name = (err as { name?: unknown } | undefined)?.name;
  const ctor = (err as object | undefined)?.constructor?.name;
  return name === 'AbortError' || ctor === 'APIUserAbortError' || name === 'APIUserAbortError';
}

const collected = new FinalizationRegistry<() => void>((finish) => {
  try {
    finish();
  } catch {
    /* nothing to do */
  }
});

/** One-shot end reporting shared by every iterator made from one stream. */
function once<T>(obs: StreamObserver<T>) {
  let finished = false;
  return {
    get finished() {
      return finished;
    },
    finish(end: StreamEnd) {
      if (finished) return;
      finished = true;
      try {
        obs.onEnd(end);
      } catch {
        /* never reach the app */
      }
    },
  };
}

function wrapIterator<T>(it: AsyncIterator<T>, obs: StreamObserver<T>, state: ReturnType<typeof once<T>>): AsyncIterator<T> & AsyncIterable<T> {
  const failed = (err: unknown) => state.finish(isAbortError(err) ? { kind: 'cancelled' } : { kind: 'error', error: err });
  return {
    next(...args: [] | [unknown]) {
      let p: Promise<IteratorResult<T>>;
      try {
        p = it.next(...args);
      } catch (err) {
        failed(err);
        throw err;
      }
      return Promise.resolve(p).then(
        (r) => {
          if (r.done) state.finish({ kind: 'done' });
          else if (!state.finished && obs.onChunk) {
            try {
              obs.onChunk(r.value);
            } catch {
              /* never reach the app */
            }
          }
          return r;
        },
        (err) => {
          failed(err);
          throw err;
        },
      );
    },
    return(value?: unknown) {
      state.finish({ kind: 'cancelled' });
      return it.return ? it.return(value) : Promise.resolve({ done: true as const, value: value as T });
    },
    throw(err?: unknown) {
      failed(err);
      return it.throw ? it.throw(err) : Promise.reject(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Observes a bare async iterator (e.g. one the SDK hands out); returns the iterator to give the app. */
export function observeIterator<T>(it: AsyncIterator<T>, obs: StreamObserver<T>): AsyncIterator<T> & AsyncIterable<T> {
  const state = once(obs);
  const wrapped = wrapIterator(it, obs, state);
  collected.register(wrapped, () => state.finish({ kind: 'cancelled' }));
  return wrapped;
}

/**
 * Observes an async-iterable stream object in place and returns the same object,
 * so its own methods (abort, tee, toReadableStream…) keep working. `method` names
 * the instance function that produces its iterator: `Symbol.asyncIterator` by
 * default, or e.g. `iterator` for SDK stream classes whose other methods call it.
 */
export function observeStream<S extends object, T = unknown>(stream: S, obs: StreamObserver<T>, method: PropertyKey = Symbol.asyncIterator): S {
  const target = stream as Record<PropertyKey, unknown>;
  const original = target[method];
  if (typeof original !== 'function') {
    // Not a stream we know how to watch: report it as finished rather than leak the span.
    once(obs).finish({ kind: 'done' });
    return stream;
  }
  const state = once(obs);
  const dropped = () => state.finish({ kind: 'cancelled' });
  // Until it is read, the stream object is what the app holds; once reading
  // starts, the app may hold only the iterator (for await over a temporary).
  const unread = {};
  collected.register(stream, dropped, unread);
  target[method] = function (this: unknown, ...args: unknown[]) {
    collected.unregister(unread);
    const it = wrapIterator((original as (...a: unknown[]) => AsyncIterator<T>).apply(this, args), obs, state);
    collected.register(it, dropped);
    return it;
  };
  return stream;
}
