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
import { context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { startGenAiCall, type GenAiCall } from '../genai/genai-call';
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { captureInput, captureOutput, generationAttributes, geminiResponse, geminiUsage, modelName, serverOf } from '../google-genai/utils';


type Fn = (this: ModelLike, ...args: unknown[]) => Promise<unknown>;
interface ModelLike {
  model?: unknown;
  resourcePath?: unknown;
  apiEndpoint?: unknown;
  location?: unknown;
  generationConfig?: unknown;
}
type Exports = Record<string, { prototype: Record<string, Fn> } | undefined>;

const TARGETS: [cls: string, unary: string, stream: string][] = [
  ['GenerativeModel', 'generateContent', 'generateContentStream'],
  ['GenerativeModelPreview', 'generateContent', 'generateContentStream'],
  ['ChatSession', 'sendMessage', 'sendMessageStream'],
  ['ChatSessionPreview', 'sendMessage', 'sendMessageStream'],
];

interface Result {
  response?: unknown;
}

export class VertexAIInstrumentation extends InstrumentationBase {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('vertexai'), config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      '@google-cloud/vertexai',
      [SUPPORTED_VERSIONS.vertexai['@google-cloud/vertexai']],
      (exports: Exports) => {
        for (const [cls, unary, stream] of TARGETS) {
          const proto = exports?.[cls]?.prototype;
          if (!proto) continue;
          if (typeof proto[unary] === 'function') this._wrap(proto, unary, (orig: Fn) => this.traced(orig, false));
          if (typeof proto[stream] === 'function') this._wrap(proto, stream, (orig: Fn) => this.traced(orig, true));
        }
        return exports;
      },
      (exports: Exports) => {
        for (const [cls, unary, stream] of TARGETS) {
          const proto = exports?.[cls]?.prototype;
          if (proto) for (const m of [unary, stream]) this._unwrap(proto, m);
        }
      },
    );
  }

  private start(model: ModelLike, request: unknown, streaming: boolean): GenAiCall | undefined {
    try {
      const endpoint = typeof model?.apiEndpoint === 'string' ? model.apiEndpoint : typeof model?.location === 'string' ? `${model.location}-aiplatform.googleapis.com` : undefined;
      const reqConfig = (request as { generationConfig?: unknown } | undefined)?.generationConfig;
      const call = startGenAiCall(this.tracer, {
        operation: GEN_AI_OPERATION.GENERATE_CONTENT,
        provider: GEN_AI_PROVIDER.GCP_VERTEX_AI,
        model: modelName(model?.model ?? model?.resourcePath),
        streaming,
        ...serverOf(endpoint),
        attributes: generationAttributes(reqConfig ?? model?.generationConfig),
      });
      // generateContent takes a request (or a string); sendMessage a string or parts.
      const r = request as { contents?: unknown; systemInstruction?: unknown } | undefined;
      captureInput(call, typeof r === 'object' && r && 'contents' in r ? r.contents : request, typeof r === 'object' ? r?.systemInstruction : undefined);
      return call;
    } catch {
      return undefined;
    }
  }

  private traced(orig: Fn, streaming: boolean): Fn {
    const self = this;
    return function (this: ModelLike, ...args: unknown[]) {
      const call = self.start(this, args[0], streaming);
      if (!call) return orig.apply(this, args);
      const finish = (resp: unknown) => {
        try {
          call.response(geminiResponse(resp));
          call.usage(geminiUsage((resp as { usageMetadata?: unknown } | undefined)?.usageMetadata));
          captureOutput(call, resp);
        } catch {
          /* never reach the app */
        }
        call.end();
      };
      let p: Promise<unknown>;
      try {
        p = context.with(call.context, () => orig.apply(this, args));
      } catch (err) {
        call.fail(err);
        throw err;
      }
      if (typeof p?.then !== 'function') {
        call.end();
        return p;
      }
      return p.then(
        (result) => {
          const r = result as Result | undefined;
          if (!streaming) {
            finish(r?.response);
            return result;
          }
          if (!r || typeof (r.response as Promise<unknown> | undefined)?.then !== 'function') {
            call.end();
            return result;
          }
          // A derived promise in its place: it settles as the SDK's does, so an app that
          // ignores `response` sees the same (un)handled rejection as without the agent.
          try {
            r.response = (r.response as Promise<unknown>).then(
              (resp) => {
                finish(resp);
                return resp;
              },
              (err) => {
                call.fail(err);
                throw err;
              },
            );
          } catch {
            call.end();
          }
          return result;
        },
        (err) => {
          call.fail(err);
          throw err;
        },
      );
    };
  }
}
