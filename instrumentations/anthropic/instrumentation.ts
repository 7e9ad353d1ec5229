// Anthropic SDK (`@anthropic-ai/sdk`): one GenAI span per messages.create call,
// plain or `stream: true`; messages.stream() goes through create too.
// Since 0.134.0 the SDK makes its own span for each call whenever a global
// tracer provider exists (ours): then we add nothing here, so a call never gets
// two spans, and native-spans.ts fills in what cost attribution needs. Ours
// applies to older versions and to clients whose native tracing is switched off
// (`openTelemetry: false`, ANTHROPIC_OPEN_TELEMETRY=false).
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { Attributes } from '@opentelemetry/api';
import { startGenAiCall, type GenAiCall } from '../genai/genai-call';
import { traceStainlessCall } from '../genai/stainless';
import { capturedContent } from '../genai/content-capture';
import { ATTR_GEN_AI_INPUT_MESSAGES, GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { messageStreamObserver, recordMessage } from './messages';
import { serverOf } from '../genai/server-address';


type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function prototypes(mod: Obj): Obj[] {
  const Anthropic = mod?.Anthropic ?? mod?.default;
  return [Anthropic?.Messages?.prototype, Anthropic?.Beta?.Messages?.prototype].filter((p) => p && typeof p.create === 'function');
}

function requestAttributes(p: Obj): Attributes {
  const a: Attributes = {};
  if (typeof p.max_tokens === 'number') a['gen_ai.request.max_tokens'] = p.max_tokens;
  if (typeof p.temperature === 'number') a['gen_ai.request.temperature'] = p.temperature;
  if (typeof p.top_p === 'number') a['gen_ai.request.top_p'] = p.top_p;
  if (typeof p.top_k === 'number') a['gen_ai.request.top_k'] = p.top_k;
  return a;
}

export class AnthropicInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('anthropic'), {});
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        [SUPPORTED_VERSIONS.anthropic['@anthropic-ai/sdk']],
        (mod: Obj) => {
          for (const proto of prototypes(mod)) if (!proto.create.__original) this._wrap(proto, 'create', (original: (...a: unknown[]) => unknown) => this.patchedCreate(original));
          return mod;
        },
        (mod: Obj) => {
          for (const proto of prototypes(mod)) if (proto.create.__original) this._unwrap(proto, 'create');
        },
      ),
    ];
  }

  private patchedCreate(original: (...a: unknown[]) => unknown) {
    const self = this;
    return function patchedCreate(this: Obj, ...args: unknown[]) {
      const params = args[0] as Obj | undefined;
      // The SDK traces this call itself (0.134.0+ with a tracer provider): one span per call.
      if (!params || typeof params !== 'object' || this?._client?._tracer) return original.apply(this, args);
      let call: GenAiCall;
      try {
        call = self.startCall(this, params);
      } catch {
        return original.apply(this, args);
      }
      return traceStainlessCall(call, () => original.apply(this, args), {
        onResult: (data) => recordMessage(call, data),
        onStream: params.stream ? (stream: Obj) => messageStreamObserver(call, stream.controller?.signal) : undefined,
      });
    };
  }

  private startCall(resource: Obj, params: Obj): GenAiCall {
    const { address, port } = serverOf(resource?._client?.baseURL);
    const call = startGenAiCall(this.tracer, {
      operation: GEN_AI_OPERATION.CHAT,
      provider: GEN_AI_PROVIDER.ANTHROPIC,
      model: typeof params.model === 'string' ? params.model : undefined,
      streaming: !!params.stream,
      serverAddress: address,
      serverPort: port,
      attributes: requestAttributes(params),
    });
    const input = capturedContent(params.system ? [{ role: 'system', content: params.system }, ...(params.messages ?? [])] : params.messages);
    if (input) call.setAttributes({ [ATTR_GEN_AI_INPUT_MESSAGES]: input });
    return call;
  }
}

export function createAnthropicInstrumentation() {
  return new AnthropicInstrumentation();
}
