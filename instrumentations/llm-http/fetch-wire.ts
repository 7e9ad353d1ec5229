// global fetch: a request whose path is an LLM API's (endpoints.ts) and that no
// SDK-level span records already (genai/recorded-call.ts) becomes one GenAI span,
// parent of the fetch's HTTP span, ended when the app has read the answer. The
// answer's body is observed as the app reads it: a pass-through stream that
// pulls from the original only when the app pulls (nothing read ahead, nothing
// delayed), handed to the app in a Response identical in what it reports.
import { context, type Tracer } from '@opentelemetry/api';
import { startGenAiCall } from '../genai/genai-call';
import { isRecordedAbove } from '../genai/recorded-call';
import { isAbortError, type StreamEnd } from '../genai/stream-span';
import { llmHttpTracer } from './active';
import { noteHttpLayerCall } from './layer-notice';
import { answerReader, type RecognisedCall } from './answer-reader';
import { llmEndpoint } from './endpoints';
import { readLlmRequestBody } from './request-body';
import { bedrockHeaderUsage } from './wire-usage';

type Fetch = typeof globalThis.fetch;
const WRAPPED = Symbol.for('botanu.llm-http.fetch');

// A body the app drops unread ends its span when collected (it cannot stay open).
const dropped = new FinalizationRegistry<() => void>((finish) => {
  try {
    finish();
  } catch {
    /* nothing to do */
  }
});

function urlOf(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  const u = (input as { url?: unknown } | undefined)?.url;
  return typeof u === 'string' ? u : undefined;
}

/** The GenAI call for this fetch, or undefined when it is not an LLM call to record here. */
function startCall(tracer: Tracer, input: unknown, init: RequestInit | undefined): RecognisedCall | undefined {
  const url = urlOf(input);
  if (!url) return undefined;
  const ep = llmEndpoint(url);
  if (!ep) return undefined;
  const method = (init?.method ?? (input as Request | undefined)?.method ?? 'GET').toUpperCase();
  if (method !== 'POST') return undefined;
  const parent = context.active();
  if (isRecordedAbove(parent)) return undefined;
  const body = init?.body !== undefined ? readLlmRequestBody(init.body) : undefined;
  if (body === null || (ep.needsBodyModel && body && !body.model)) return undefined;
  const model = body?.model ?? ep.pathModel;
  const streaming = ep.pathStreams ?? (ep.format === 'ollama' ? body?.stream !== false : body?.stream === true);
  const call = startGenAiCall(tracer, { operation: ep.operation, provider: ep.provider, model, streaming, serverAddress: ep.serverAddress, serverPort: ep.serverPort }, parent);
  noteHttpLayerCall(ep.provider);
  const signal = init?.signal ?? (input as Request | undefined)?.signal ?? undefined;
  return { call, ep, model, signal: signal ?? undefined };
}

/** The app's Response, or an equivalent one whose body is observed as it is read. */
function observeResponse(s: RecognisedCall, res: Response): Response {
  const { call } = s;
  if (!res.ok) {
    call.fail({ status: res.status });
    return res;
  }
  if (s.ep.format === 'bedrock-invoke') call.usage(bedrockHeaderUsage(res.headers));
  const body = res.body;
  if (!body || res.bodyUsed) {
    call.end();
    return res;
  }
  const answer = answerReader(s, res.headers.get('content-type'));
  const finish = (end: StreamEnd) => answer.finish(end); // holds no reference to the stream (GC safety net below)
  const reader = body.getReader();
  const observed = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let r: { done: boolean; value?: Uint8Array };
        try {
          r = await reader.read();
        } catch (err) {
          finish(isAbortError(err) ? { kind: 'cancelled' } : { kind: 'error', error: err });
          throw err;
        }
        if (r.done) {
          finish({ kind: 'done' });
          controller.close();
          return;
        }
        if (r.value) answer.push(r.value);
        controller.enqueue(r.value as Uint8Array);
      },
      cancel(reason) {
        finish({ kind: 'cancelled' });
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  dropped.register(observed, () => finish({ kind: 'cancelled' }));
  const out = new Response(observed, { status: res.status, statusText: res.statusText, headers: res.headers });
  for (const k of ['url', 'redirected', 'type'] as const) Object.defineProperty(out, k, { value: res[k], configurable: true });
  return out;
}

/** Wraps global fetch (once); it records while llm-http is enabled (active.ts). */
export function wrapFetch(original: Fetch): Fetch {
  if ((original as unknown as Record<symbol, unknown>)[WRAPPED]) return original;
  const wrapped = function fetch(this: unknown, input: unknown, init?: RequestInit) {
    let s: RecognisedCall | undefined;
    try {
      const tracer = llmHttpTracer();
      if (tracer) s = startCall(tracer, input, init);
    } catch {
      s = undefined;
    }
    // eslint-disable-next-line prefer-rest-params
    if (!s) return Reflect.apply(original, this, arguments) as Promise<Response>;
    const started = s;
    let p: Promise<Response>;
    try {
      // eslint-disable-next-line prefer-rest-params
      p = context.with(started.call.context, () => Reflect.apply(original, this, arguments) as Promise<Response>);
    } catch (err) {
      started.call.fail(err);
      throw err;
    }
    return p.then(
      (res) => {
        try {
          return observeResponse(started, res);
        } catch {
          started.call.end();
          return res;
        }
      },
      (err) => {
        if (isAbortError(err)) started.call.cancel();
        else started.call.fail(err);
        throw err;
      },
    );
  };
  Object.defineProperty(wrapped, 'length', { value: original.length });
  Object.defineProperty(wrapped, WRAPPED, { value: original });
  return wrapped as unknown as Fetch;
}

/** The fetch `wrapFetch` wrapped, or undefined when `f` is not ours. */
export function unwrappedFetch(f: unknown): Fetch | undefined {
  return (f as Record<symbol, Fetch | undefined> | undefined)?.[WRAPPED];
}
