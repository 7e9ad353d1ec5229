// The one shape of a GenAI call, shared by every LLM instrumentation: the span
// starts before the SDK sends anything, the SDK's method runs under it, and the
// span ends exactly once: when the result has been read, when its stream ends
// (done, cancelled or failed), or when the method throws or rejects. An
// instrumentation says only what differs (the request's span fields, how to
// read usage and response metadata from a result or a stream chunk) and the
// ladder below does the rest. Our code is guarded throughout: the app gets the
// very value, or the very error, it would get without the agent.
//
//   return traceGenAiCall(this.tracer, {
//     request: () => ({ operation: 'chat', provider: 'groq', model: params.model, streaming: !!params.stream }),
//     started: (call) => captureInput(call, params.messages),
//     settled: (call, body) => (params.stream ? continues(readStream(call, body, chunkReader(call))) : recordBody(call, body)),
//   }, () => original.apply(this, args));
import { context, type Tracer } from '@opentelemetry/api';
import { startGenAiCall, type GenAiCall, type GenAiRequest } from './genai-call';
import { observeIterator, observeStream, type StreamObserver } from './stream-span';

/** What one instrumentation says about one kind of call; only `request` is required. */
export interface GenAiCallShape<V = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The request's span fields. Runs before the SDK's method; if it throws, the method runs untraced. */
  request(): GenAiRequest;
  /** Right after the span started, before the SDK's method runs (e.g. prompt capture). */
  started?(call: GenAiCall): void;
  /**
   * The SDK's result arrived: record usage, response metadata and output on the
   * call, which then ends. Or, when the result goes on (a stream, a promise of the
   * final response), hand the call to a reader (readStream, readIterator,
   * readPromise) and return `continues(value)`: the call ends when that reader's
   * source does, and the app gets `value`.
   */
  settled?(call: GenAiCall, value: V): void | Continues;
  /** The method threw or rejected: record what the error carries. The call then fails (unless this ended it). */
  failed?(call: GenAiCall, err: unknown): void;
  /**
   * How to follow what the SDK's method returned when a plain `.then` is not the
   * way (e.g. Stainless's lazy APIPromise, see api-promise.ts). Default: a
   * promise is followed with `.then`, anything else ends the call at once.
   */
  follow?(returned: unknown, ends: GenAiCallEnds): unknown;
}

/** The ends of one traced call, as a custom `follow` uses them. */
export interface GenAiCallEnds {
  readonly call: GenAiCall;
  /** The result arrived: runs `settled`, ends the call unless it continues; returns the value the app gets. */
  settle(value: unknown): unknown;
  /** The call failed: runs `failed`, then fails the call. */
  fail(err: unknown): void;
}

/** Returned by `settled` when the call goes on after its result arrived; `value` is what the app gets. */
export class Continues {
  constructor(readonly value: unknown) {}
}

export function continues(value: unknown): Continues {
  return new Continues(value);
}

export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return !!x && typeof (x as { then?: unknown }).then === 'function';
}

function endsOf(call: GenAiCall, shape: Pick<GenAiCallShape, 'settled' | 'failed'>): GenAiCallEnds {
  return {
    call,
    settle(value) {
      let next: void | Continues;
      try {
        next = shape.settled?.(call, value);
      } catch {
        call.end();
        return value;
      }
      if (next instanceof Continues) return next.value;
      call.end();
      return value;
    },
    fail(err) {
      try {
        shape.failed?.(call, err);
      } catch {
        /* the call still fails */
      }
      call.fail(err);
    },
  };
}

/** The default `follow`: a promise is followed with `.then` (the app gets the derived promise); anything else ends the call now. */
function followPromise(returned: unknown, ends: GenAiCallEnds): unknown {
  if (!isThenable(returned)) {
    ends.call.end();
    return returned;
  }
  return returned.then(ends.settle, (err: unknown) => {
    ends.fail(err);
    throw err;
  });
}

/**
 * Traces one SDK call: `invoke` runs the SDK's own method (inside the call's
 * context, so every HTTP attempt is a child span and is counted) and what it
 * returns, or throws, reaches the app unchanged.
 */
export function traceGenAiCall<R>(tracer: Tracer, shape: GenAiCallShape, invoke: () => R): R {
  let call: GenAiCall;
  try {
    call = startGenAiCall(tracer, shape.request());
  } catch {
    return invoke();
  }
  try {
    shape.started?.(call);
  } catch {
    /* the call is traced all the same */
  }
  const ends = endsOf(call, shape);
  let returned: R;
  try {
    returned = context.with(call.context, invoke);
  } catch (err) {
    ends.fail(err);
    throw err;
  }
  try {
    return (shape.follow ?? followPromise)(returned, ends) as R;
  } catch {
    call.end();
    return returned;
  }
}

/**
 * For a result that carries a promise of the final response (Vertex AI's
 * `{ stream, response }`): returns a promise that settles as `promise` does;
 * the call reads the response with `read` and ends, or fails with the rejection.
 */
export function readPromise<T>(call: GenAiCall, promise: PromiseLike<T>, read: (call: GenAiCall, value: T) => void): Promise<T> {
  return followPromise(promise, endsOf(call, { settled: read })) as Promise<T>;
}

/** How an instrumentation reads one streamed response; make one per call. */
export interface GenAiStreamReader<C = unknown> {
  /** Each chunk as the app receives it: note response metadata, keep the latest usage. Must not keep the stream. */
  chunk?(chunk: C): void;
  /** Once, when the stream ends however it ends, just before the call ends: record usage and output. */
  done?(): void;
}

export interface ReadStreamOptions {
  /** The stream object's method that makes its iterator: Symbol.asyncIterator by default (see observeStream). */
  method?: PropertyKey;
  /** The request's abort signal: a stream that ends quietly after the app aborted is cancelled, not done. */
  signal?: AbortSignal;
}

function observer<C>(call: GenAiCall, reader: GenAiStreamReader<C>, signal?: AbortSignal): StreamObserver<C> {
  return {
    onChunk: reader.chunk && ((chunk: C) => reader.chunk?.(chunk)),
    onEnd(end) {
      try {
        reader.done?.();
      } catch {
        /* the call still ends */
      }
      call.endWith(end.kind === 'done' && signal?.aborted ? { kind: 'cancelled' } : end);
    },
  };
}

/** Reads a stream object in place (the same object comes back, its own methods intact); the call ends when the stream does. */
export function readStream<S extends object, C = unknown>(call: GenAiCall, stream: S, reader: GenAiStreamReader<C>, opts: ReadStreamOptions = {}): S {
  return observeStream(stream, observer(call, reader, opts.signal), opts.method);
}

/** Reads a bare async iterator; the app must get the returned iterator instead. The call ends when it does. */
export function readIterator<C>(call: GenAiCall, it: AsyncIterator<C>, reader: GenAiStreamReader<C>): AsyncIterator<C> & AsyncIterable<C> {
  return observeIterator(it, observer(call, reader));
}
