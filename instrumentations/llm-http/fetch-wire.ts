// global fetch: a request whose path is an LLM API's (endpoints.ts) and that no
// SDK-level span records already (genai/recorded-call.ts) becomes one GenAI span,
// parent of the fetch's HTTP span, ended when the app has read the answer. The
// answer's body is observed as the app reads it: a pass-through stream that
// pulls from the original only when the app pulls (nothing read ahead, nothing
// delayed), handed to the app in a Response identical in what it reports.
import { context, type Context, type Tracer } from '@opentelemetry/api';
import { startGenAiCall } from '../genai/genai-call';
import { isRecordedAbove } from '../genai/recorded-call';
import { isAbortError, type StreamEnd } from '../genai/stream-span';
import { llmHttpTracer } from './active';
import { noteHttpLayerCall } from './layer-notice';
import { answerReader, type RecognisedCall } from './answer-reader';
import { llmEndpoint, type LlmEndpoint } from './endpoints';
import { readLlmRequestBody, type LlmRequestBody } from './request-body';
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

/** A fetch whose URL and method are an LLM API's, made where no span records it already. */
interface Candidate {
  tracer: Tracer;
  ep: LlmEndpoint;
  parent: Context;
  signal?: AbortSignal;
}

function candidate(tracer: Tracer, input: unknown, init: RequestInit | undefined): Candidate | undefined {
  const url = urlOf(input);
  if (!url) return undefined;
  const ep = llmEndpoint(url);
  if (!ep) return undefined;
  const method = (init?.method ?? (input as Request | undefined)?.method ?? 'GET').toUpperCase();
  if (method !== 'POST') return undefined;
  const parent = context.active();
  if (isRecordedAbove(parent)) return undefined;
  const signal = init?.signal ?? (input as Request | undefined)?.signal ?? undefined;
  return { tracer, ep, parent, signal: signal ?? undefined };
}

/** The GenAI call, once the body says this is an LLM request (undefined: it is not one). */
function begin(c: Candidate, body: LlmRequestBody | null | undefined): RecognisedCall | undefined {
  const { ep } = c;
  if (body === null || (ep.needsBodyModel && body && !body.model)) return undefined;
  const model = body?.model ?? ep.pathModel;
  const streaming = ep.pathStreams ?? (ep.format === 'ollama' ? body?.stream !== false : body?.stream === true);
  const call = startGenAiCall(c.tracer, { operation: ep.operation, provider: ep.provider, model, streaming, serverAddress: ep.serverAddress, serverPort: ep.serverPort }, c.parent);
  noteHttpLayerCall(ep.provider);
  return { call, ep, model, signal: c.signal };
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

/** Sends the request; recorded as `s` when it is an LLM call. */
function send(original: Fetch, self: unknown, args: IArguments, s: RecognisedCall | undefined): Promise<Response> {
  if (!s) return Reflect.apply(original, self, args) as Promise<Response>;
  let p: Promise<Response>;
  try {
    p = context.with(s.call.context, () => Reflect.apply(original, self, args) as Promise<Response>);
  } catch (err) {
    s.call.fail(err);
    throw err;
  }
  return p.then(
    (res) => {
      try {
        return observeResponse(s, res);
      } catch {
        s.call.end();
        return res;
      }
    },
    (err) => {
      if (isAbortError(err)) s.call.cancel();
      else s.call.fail(err);
      throw err;
    },
  );
}

function guardedBegin(c: Candidate, body: LlmRequestBody | null | undefined): RecognisedCall | undefined {
  try {
    return begin(c, body);
  } catch {
    return undefined;
  }
}

/** Wraps global fetch (once); it records while llm-http is enabled (active.ts). */
export function wrapFetch(original: Fetch): Fetch {
  if ((original as unknown as Record<symbol, unknown>)[WRAPPED]) return original;
  const wrapped = function fetch(this: unknown, input: unknown, init?: RequestInit) {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    let c: Candidate | undefined;
    let copy: Promise<string> | undefined;
    try {
      const tracer = llmHttpTracer();
      if (tracer) c = candidate(tracer, input, init);
      // A Request carries its body inside (the Mistral SDK sends one): read a copy first. In memory, LLM paths only.
      if (c && init?.body === undefined && input instanceof Request && input.body && !input.bodyUsed) copy = input.clone().text();
    } catch {
      c = undefined;
    }
    if (!c) return Reflect.apply(original, this, args) as Promise<Response>;
    const cand = c;
    if (!copy) return send(original, this, args, guardedBegin(cand, init?.body !== undefined ? readLlmRequestBody(init.body) : undefined));
    return copy.then(
      (text) => context.with(cand.parent, () => send(original, this, args, guardedBegin(cand, readLlmRequestBody(text)))),
      () => context.with(cand.parent, () => send(original, this, args, undefined)),
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
