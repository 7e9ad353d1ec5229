// OpenAI SDK (`openai` 4.x–7.x), also pointed at Azure OpenAI and other
// OpenAI-compatible servers: one GenAI span per chat completion, legacy
// completion, Responses API call and embeddings call, streamed or not.
// Patched on the resource classes the client exposes (OpenAI.Chat.Completions…),
// which every major from 4 to 7 has; the SDK's own helpers (chat.completions.stream(),
// responses.stream(), .parse(), runTools) go through these methods too.
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { Attributes } from '@opentelemetry/api';
import { startGenAiCall, type GenAiCall } from '../genai/genai-call';
import { traceStainlessCall } from '../genai/stainless';
import { capturedContent } from '../genai/content-capture';
import { ATTR_GEN_AI_INPUT_MESSAGES, GEN_AI_OPERATION } from '../genai/semconv';
import { endpointOf } from './provider';
import { chatStreamObserver, recordCompletion, recordResponse, responseStreamObserver } from './responses';


type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Kind = 'chat' | 'completion' | 'responses' | 'embeddings';

const OPERATION: Record<Kind, string> = {
  chat: GEN_AI_OPERATION.CHAT,
  completion: GEN_AI_OPERATION.TEXT_COMPLETION,
  responses: GEN_AI_OPERATION.CHAT,
  embeddings: GEN_AI_OPERATION.EMBEDDINGS,
};

function requestAttributes(p: Obj): Attributes {
  const a: Attributes = {};
  const num = (k: string, v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) a[k] = v;
  };
  num('gen_ai.request.temperature', p.temperature);
  num('gen_ai.request.top_p', p.top_p);
  num('gen_ai.request.max_tokens', p.max_completion_tokens ?? p.max_output_tokens ?? p.max_tokens);
  return a;
}

export class OpenAIInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('openai'), {});
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        [SUPPORTED_VERSIONS.openai.openai],
        (mod: Obj) => {
          const OpenAI = mod?.OpenAI ?? mod?.default;
          const targets: Array<[Obj | undefined, Kind]> = [
            [OpenAI?.Chat?.Completions?.prototype, 'chat'],
            [OpenAI?.Completions?.prototype, 'completion'],
            [OpenAI?.Responses?.prototype, 'responses'],
            [OpenAI?.Embeddings?.prototype, 'embeddings'],
          ];
          for (const [proto, kind] of targets) {
            if (proto && typeof proto.create === 'function' && !proto.create.__original) this._wrap(proto, 'create', (original: (...a: unknown[]) => unknown) => this.patchedCreate(kind, original));
          }
          return mod;
        },
        (mod: Obj) => {
          const OpenAI = mod?.OpenAI ?? mod?.default;
          for (const proto of [OpenAI?.Chat?.Completions?.prototype, OpenAI?.Completions?.prototype, OpenAI?.Responses?.prototype, OpenAI?.Embeddings?.prototype]) {
            if (proto?.create?.__original) this._unwrap(proto, 'create');
          }
        },
      ),
    ];
  }

  private patchedCreate(kind: Kind, original: (...a: unknown[]) => unknown) {
    const self = this;
    return function patchedCreate(this: Obj, ...args: unknown[]) {
      const params = args[0] as Obj | undefined;
      if (!params || typeof params !== 'object') return original.apply(this, args);
      let call: GenAiCall;
      try {
        call = self.startCall(kind, this, params);
      } catch {
        return original.apply(this, args);
      }
      return traceStainlessCall(call, () => original.apply(this, args), {
        onResult: (data) => (kind === 'responses' ? recordResponse(call, data) : recordCompletion(call, data)),
        onStream: params.stream
          ? (stream: Obj) => {
              const signal: AbortSignal | undefined = stream.controller?.signal;
              return kind === 'responses' ? responseStreamObserver(call, signal) : chatStreamObserver(call, signal);
            }
          : undefined,
      });
    };
  }

  private startCall(kind: Kind, resource: Obj, params: Obj): GenAiCall {
    const client = resource?._client;
    const isAzure = !!client && (client.constructor?.name === 'AzureOpenAI' || typeof client.apiVersion === 'string');
    const ep = endpointOf(client?.baseURL, isAzure);
    const call = startGenAiCall(this.tracer, {
      operation: OPERATION[kind],
      provider: ep.provider,
      model: typeof params.model === 'string' ? params.model : undefined,
      streaming: kind === 'embeddings' ? undefined : !!params.stream,
      serverAddress: ep.address,
      serverPort: ep.port,
      attributes: requestAttributes(params),
    });
    const input = kind !== 'embeddings' && capturedContent(params.messages ?? params.input ?? params.prompt);
    if (input) call.setAttributes({ [ATTR_GEN_AI_INPUT_MESSAGES]: input });
    return call;
  }
}

export function createOpenAIInstrumentation() {
  return new OpenAIInstrumentation();
}
