// @google-cloud/vertexai (the Vertex AI SDK that predates @google/genai): one
// GenAI span per generateContent / generateContentStream, on the model
// classes and on chat sessions (which call the same REST methods themselves).
// The SDK sends one fetch per call and does not retry.
//
// A streamed result is { stream, response }: the SDK tees the body, and
// `response` resolves with the aggregated GenerateContentResponse (final
// usageMetadata included) once the body has been read, whether or not the app
// iterates `stream`; so the span ends with `response`. The app gets a promise
// that settles exactly as the SDK's does.
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { continues, isThenable, readPromise, type GenAiCallShape } from '../genai/call-shape';
import { GenAiInstrumentation, type TracedMethod } from '../genai/genai-instrumentation';
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { serverOf } from '../genai/server-address';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { captureInput, generationAttributes, modelName, recordGeminiResponse } from '../google-genai/utils';

interface ModelLike {
  model?: unknown;
  resourcePath?: unknown;
  apiEndpoint?: unknown;
  location?: unknown;
  generationConfig?: unknown;
}
type Exports = Record<string, { prototype: object } | undefined> | undefined;

const TARGETS: [cls: string, unary: string, stream: string][] = [
  ['GenerativeModel', 'generateContent', 'generateContentStream'],
  ['GenerativeModelPreview', 'generateContent', 'generateContentStream'],
  ['ChatSession', 'sendMessage', 'sendMessageStream'],
  ['ChatSessionPreview', 'sendMessage', 'sendMessageStream'],
];

interface Result {
  response?: unknown;
}

export class VertexAIInstrumentation extends GenAiInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('vertexai'), config);
  }

  protected init() {
    return this.tracedMethods('@google-cloud/vertexai', [SUPPORTED_VERSIONS.vertexai['@google-cloud/vertexai']], (exports: Exports) =>
      TARGETS.flatMap(([cls, unary, stream]) =>
        ([[unary, false], [stream, true]] as const).map(([method, streaming]): TracedMethod => ({
          target: exports?.[cls]?.prototype,
          method,
          shape: (model: ModelLike, args) => shape(model, args[0], streaming),
        })),
      ),
    );
  }
}

function shape(model: ModelLike, request: unknown, streaming: boolean): GenAiCallShape<Result | undefined> {
  return {
    request() {
      const endpoint = typeof model?.apiEndpoint === 'string' ? model.apiEndpoint : typeof model?.location === 'string' ? `${model.location}-aiplatform.googleapis.com` : undefined;
      const reqConfig = (request as { generationConfig?: unknown } | undefined)?.generationConfig;
      return {
        operation: GEN_AI_OPERATION.GENERATE_CONTENT,
        provider: GEN_AI_PROVIDER.GCP_VERTEX_AI,
        model: modelName(model?.model ?? model?.resourcePath),
        streaming,
        ...serverOf(endpoint),
        attributes: generationAttributes(reqConfig ?? model?.generationConfig),
      };
    },
    started(call) {
      // generateContent takes a request (or a string); sendMessage a string or parts.
      const r = request as { contents?: unknown; systemInstruction?: unknown } | undefined;
      captureInput(call, typeof r === 'object' && r && 'contents' in r ? r.contents : request, typeof r === 'object' ? r?.systemInstruction : undefined);
    },
    settled(call, result) {
      if (!streaming) return recordGeminiResponse(call, result?.response);
      // A derived promise in its place: it settles as the SDK's does, so an app that
      // ignores `response` sees the same (un)handled rejection as without the agent.
      if (result && isThenable(result.response)) {
        result.response = readPromise(call, result.response, recordGeminiResponse);
        return continues(result);
      }
    },
  };
}
