// @google/genai (Gemini API and Vertex AI modes): one GenAI span per model
// request. The public methods (ai.models.generateContent…) are arrow functions
// created per instance, so the patch goes on the prototype methods they all
// funnel into, one per HTTP request the SDK makes: generateContentInternal,
// generateContentStreamInternal, embedContentInternal. SDK retries
// (httpOptions.retryOptions) happen inside them, so they stay under one span.
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { continues, readIterator, type GenAiCallShape } from '../genai/call-shape';
import { GenAiInstrumentation, type TracedMethod } from '../genai/genai-instrumentation';
import type { GenAiRequest } from '../genai/genai-call';
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { serverOf } from '../genai/server-address';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { captureInput, geminiStreamReader, generationAttributes, modelName, recordGeminiResponse } from './utils';

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
type Kind = 'generate' | 'stream' | 'embed';

function describe(models: ModelsLike, params: Params | undefined, kind: Kind): GenAiRequest {
  const client = models?.apiClient;
  let vertex = false;
  let base: string | undefined;
  try {
    vertex = client?.isVertexAI?.() === true;
    base = client?.getBaseUrl?.();
  } catch {
    /* an SDK without these methods: Gemini API, no server address */
  }
  const generate = kind !== 'embed';
  return {
    operation: generate ? GEN_AI_OPERATION.GENERATE_CONTENT : GEN_AI_OPERATION.EMBEDDINGS,
    provider: vertex ? GEN_AI_PROVIDER.GCP_VERTEX_AI : GEN_AI_PROVIDER.GCP_GEMINI,
    model: modelName(params?.model),
    streaming: kind === 'stream',
    ...serverOf(base),
    attributes: generate ? generationAttributes(params?.config) : undefined,
  };
}

/** Vertex AI text-embedding `predict` reports tokens per instance; the Gemini API reports none. */
function embeddingUsage(resp: unknown) {
  const r = resp as { embeddings?: { statistics?: { tokenCount?: unknown } }[] } | undefined;
  const counts = (r?.embeddings ?? []).map((e) => e?.statistics?.tokenCount).filter((c): c is number => typeof c === 'number');
  return counts.length ? { inputTokens: counts.reduce((a, b) => a + b, 0) } : undefined;
}

/** What each patched method's result is: a response, a promise of an async generator of chunks, an embedding. */
function shape(models: ModelsLike, params: Params | undefined, kind: Kind): GenAiCallShape {
  return {
    request: () => describe(models, params, kind),
    started: (call) => kind !== 'embed' && captureInput(call, params?.contents, (params?.config as { systemInstruction?: unknown } | undefined)?.systemInstruction),
    settled(call, value) {
      if (kind === 'embed') return call.usage(embeddingUsage(value));
      if (kind === 'generate') return recordGeminiResponse(call, value);
      const it = value as AsyncIterator<unknown> | undefined;
      // The span ends when the stream does; the app iterates our view of the SDK's generator.
      if (it && typeof it.next === 'function') return continues(readIterator(call, it, geminiStreamReader(call)));
    },
  };
}

export class GoogleGenAiInstrumentation extends GenAiInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('google-genai'), config);
  }

  protected init() {
    return this.tracedMethods('@google/genai', [SUPPORTED_VERSIONS['google-genai']['@google/genai']], (exports: { Models?: { prototype: Record<string, unknown> } }) => {
      const proto = exports?.Models?.prototype;
      const method = (name: string, kind: Kind): TracedMethod => ({ target: proto, method: name, shape: (models: ModelsLike, args) => shape(models, args[0] as Params | undefined, kind) });
      return [
        method('generateContentInternal', 'generate'),
        method('generateContentStreamInternal', 'stream'),
        // 1.x has embedContent itself on the prototype; later versions funnel it into embedContentInternal.
        method(typeof proto?.embedContentInternal === 'function' ? 'embedContentInternal' : 'embedContent', 'embed'),
      ];
    });
  }
}
