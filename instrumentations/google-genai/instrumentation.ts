// @google/genai (Gemini API and Vertex AI modes): one GenAI span per model
// request. The public methods (ai.models.generateContent…) are arrow functions
// created per instance, so the patch goes on the prototype methods they all
// funnel into, one per HTTP request the SDK makes: generateContentInternal,
// generateContentStreamInternal, embedContentInternal. SDK retries
// (httpOptions.retryOptions) happen inside them, so they stay under one span.
import { context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { startGenAiCall, type GenAiCall } from '../genai/genai-call';
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { observeIterator, type StreamObserver } from '../genai/stream-span';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { contentCapture } from '../genai/content-capture';
import { captureInput, captureOutput, chunkText, generationAttributes, geminiResponse, geminiUsage, modelName, serverOf, snapshotUsage } from './utils';


type Fn = (this: ModelsLike, ...args: unknown[]) => Promise<unknown>;
interface ApiClientLike {
  isVertexAI?(): boolean;
  getBaseUrl?(): string;
}
interface ModelsLike {
  apiClient?: ApiClientLike;
}
interface Params {
  model?: unknown;
  config?: unknown;
  contents?: unknown;
}

function describe(models: ModelsLike, params: Params | undefined, operation: string, streaming: boolean) {
  const client = models?.apiClient;
  let vertex = false;
  let base: string | undefined;
  try {
    vertex = client?.isVertexAI?.() === true;
    base = client?.getBaseUrl?.();
  } catch {
    /* an SDK without these methods: Gemini API, no server address */
  }
  return {
    operation,
    provider: vertex ? GEN_AI_PROVIDER.GCP_VERTEX_AI : GEN_AI_PROVIDER.GCP_GEMINI,
    model: modelName(params?.model),
    streaming,
    ...serverOf(base),
    attributes: operation === GEN_AI_OPERATION.GENERATE_CONTENT ? generationAttributes(params?.config) : undefined,
  };
}

/** Runs the SDK call under the span; a synchronous throw still ends the span, then reaches the app unchanged. */
function runIn<T>(call: GenAiCall, fn: () => T): T {
  try {
    return context.with(call.context, fn);
  } catch (err) {
    call.fail(err);
    throw err;
  }
}

/** The observed iterator, or the SDK's own if observing fails (the span then ends now, without usage). */
function safeObserve<T>(call: GenAiCall, it: AsyncIterator<T>, obs: StreamObserver<T>): AsyncIterator<T> {
  try {
    return observeIterator(it, obs);
  } catch {
    call.end();
    return it;
  }
}

function isThenable(p: unknown): p is Promise<unknown> {
  return !!p && typeof (p as { then?: unknown }).then === 'function';
}

/** Vertex AI text-embedding `predict` reports tokens per instance; the Gemini API reports none. */
function embeddingUsage(resp: unknown) {
  const r = resp as { embeddings?: { statistics?: { tokenCount?: unknown } }[] } | undefined;
  const counts = (r?.embeddings ?? []).map((e) => e?.statistics?.tokenCount).filter((c): c is number => typeof c === 'number');
  return counts.length ? { inputTokens: counts.reduce((a, b) => a + b, 0) } : undefined;
}

export class GoogleGenAiInstrumentation extends InstrumentationBase {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('google-genai'), config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@google/genai',
      [SUPPORTED_VERSIONS['google-genai']['@google/genai']],
      (exports: { Models?: { prototype: Record<string, Fn> } }) => {
        const proto = exports?.Models?.prototype;
        if (!proto) return exports;
        this.wrapIfPresent(proto, 'generateContentInternal', (orig) => this.unary(orig, GEN_AI_OPERATION.GENERATE_CONTENT));
        this.wrapIfPresent(proto, 'generateContentStreamInternal', (orig) => this.stream(orig));
        // 1.x has embedContent itself on the prototype; later versions funnel it into embedContentInternal.
        const embed = typeof proto.embedContentInternal === 'function' ? 'embedContentInternal' : 'embedContent';
        this.wrapIfPresent(proto, embed, (orig) => this.unary(orig, GEN_AI_OPERATION.EMBEDDINGS));
        return exports;
      },
      (exports: { Models?: { prototype: Record<string, Fn> } }) => {
        const proto = exports?.Models?.prototype;
        if (!proto) return;
        for (const m of ['generateContentInternal', 'generateContentStreamInternal', 'embedContentInternal', 'embedContent']) this._unwrap(proto, m);
      },
    );
  }

  private wrapIfPresent(proto: Record<string, Fn>, name: string, wrapper: (orig: Fn) => Fn) {
    if (typeof proto[name] === 'function') this._wrap(proto, name, wrapper);
  }

  private start(models: ModelsLike, params: Params | undefined, operation: string, streaming: boolean): GenAiCall | undefined {
    try {
      const call = startGenAiCall(this.tracer, describe(models, params, operation, streaming));
      if (operation === GEN_AI_OPERATION.GENERATE_CONTENT) captureInput(call, params?.contents, (params?.config as { systemInstruction?: unknown } | undefined)?.systemInstruction);
      return call;
    } catch {
      return undefined;
    }
  }

  private unary(orig: Fn, operation: string): Fn {
    const self = this;
    return function (this: ModelsLike, ...args: unknown[]) {
      const call = self.start(this, args[0] as Params, operation, false);
      if (!call) return orig.apply(this, args);
      const p = runIn(call, () => orig.apply(this, args));
      if (!isThenable(p)) {
        call.end();
        return p;
      }
      return p.then(
        (resp) => {
          try {
            if (operation === GEN_AI_OPERATION.EMBEDDINGS) call.usage(embeddingUsage(resp));
            else {
              call.response(geminiResponse(resp));
              call.usage(geminiUsage((resp as { usageMetadata?: unknown })?.usageMetadata));
              captureOutput(call, resp);
            }
          } catch {
            /* never reach the app */
          }
          call.end();
          return resp;
        },
        (err) => {
          call.fail(err);
          throw err;
        },
      );
    };
  }

  /** Resolves to the SDK's async generator of chunks; the span ends when that stream does. */
  private stream(orig: Fn): Fn {
    const self = this;
    return function (this: ModelsLike, ...args: unknown[]) {
      const call = self.start(this, args[0] as Params, GEN_AI_OPERATION.GENERATE_CONTENT, true);
      if (!call) return orig.apply(this, args);
      const p = runIn(call, () => orig.apply(this, args));
      if (!isThenable(p)) {
        call.end();
        return p;
      }
      return p.then(
        (gen) => {
          const it = gen as AsyncIterator<unknown> | undefined;
          if (!it || typeof it.next !== 'function') {
            call.end();
            return gen;
          }
          let usage: ReturnType<typeof snapshotUsage>;
          let text = contentCapture().enabled ? '' : undefined;
          return safeObserve(call, it, {
            onChunk(chunk) {
              if (text !== undefined) text += chunkText(chunk);
              call.response(geminiResponse(chunk));
              // Each chunk's usageMetadata is the running total of this request: the last one wins.
              const u = snapshotUsage((chunk as { usageMetadata?: unknown })?.usageMetadata);
              if (u) usage = u;
            },
            onEnd(end) {
              call.usage(usage);
              if (text) captureOutput(call, { candidates: [{ content: { role: 'model', parts: [{ text }] } }] });
              if (end.kind === 'error') call.fail(end.error);
              else if (end.kind === 'cancelled') call.cancel();
              else call.end();
            },
          });
        },
        (err) => {
          call.fail(err);
          throw err;
        },
      );
    };
  }
}
