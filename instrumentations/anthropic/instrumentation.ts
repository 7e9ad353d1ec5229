// Anthropic SDK (`@anthropic-ai/sdk`): one GenAI span per messages.create call,
// plain or `stream: true`; messages.stream() goes through create too.
// Since 0.134.0 the SDK makes its own span for each call whenever a global
// tracer provider exists (ours): then we add nothing here, so a call never gets
// two spans, and native-spans.ts fills in what cost attribution needs. Ours
// applies to older versions and to clients whose native tracing is switched off
// (`openTelemetry: false`, ANTHROPIC_OPEN_TELEMETRY=false).
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { GenAiInstrumentation } from '../genai/genai-instrumentation';
import { stainlessCreate, type StainlessEndpoint } from '../genai/stainless';
import { requestAttributes } from '../genai/request-attributes';
import { serverOf } from '../genai/server-address';
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { messageStreamReader, recordMessage } from './messages';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REQUEST_FIELDS = {
  'gen_ai.request.max_tokens': 'max_tokens',
  'gen_ai.request.temperature': 'temperature',
  'gen_ai.request.top_p': 'top_p',
  'gen_ai.request.top_k': 'top_k',
};

const MESSAGES: StainlessEndpoint = {
  request: (params, client) => ({
    operation: GEN_AI_OPERATION.CHAT,
    provider: GEN_AI_PROVIDER.ANTHROPIC,
    model: typeof params.model === 'string' ? params.model : undefined,
    streaming: !!params.stream,
    ...serverOf(client?.baseURL),
    attributes: requestAttributes(params, REQUEST_FIELDS),
  }),
  input: (params) => (params.system ? [{ role: 'system', content: params.system }, ...(params.messages ?? [])] : params.messages),
  result: recordMessage,
  stream: messageStreamReader,
  // The SDK traces the call itself (0.134.0+ with a tracer provider): one span per call.
  tracedBySdk: (client) => !!client?._tracer,
};

export class AnthropicInstrumentation extends GenAiInstrumentation {
  constructor() {
    super(...botanuScope('anthropic'), {});
  }

  protected init() {
    return [
      this.tracedMethods('@anthropic-ai/sdk', [SUPPORTED_VERSIONS.anthropic['@anthropic-ai/sdk']], (mod: Obj) => {
        const Anthropic = mod?.Anthropic ?? mod?.default;
        return [
          stainlessCreate(Anthropic?.Messages?.prototype, MESSAGES),
          stainlessCreate(Anthropic?.Beta?.Messages?.prototype, MESSAGES),
        ];
      }),
    ];
  }
}

export function createAnthropicInstrumentation() {
  return new AnthropicInstrumentation();
}
