// OpenAI SDK (`openai` 4.x–7.x), also pointed at Azure OpenAI and other
// OpenAI-compatible servers: one GenAI span per chat completion, legacy
// completion, Responses API call and embeddings call, streamed or not.
// Patched on the resource classes the client exposes (OpenAI.Chat.Completions…),
// which every major from 4 to 7 has; the SDK's own helpers (chat.completions.stream(),
// responses.stream(), .parse(), runTools) go through these methods too.
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { GenAiInstrumentation } from '../genai/genai-instrumentation';
import { stainlessCreate, type StainlessEndpoint } from '../genai/stainless';
import { requestAttributes } from '../genai/request-attributes';
import { GEN_AI_OPERATION } from '../genai/semconv';
import { endpointOf } from './provider';
import { chatStreamReader, recordCompletion, recordResponse, responseStreamReader } from './responses';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Kind = 'chat' | 'completion' | 'responses' | 'embeddings';

const OPERATION: Record<Kind, string> = {
  chat: GEN_AI_OPERATION.CHAT,
  completion: GEN_AI_OPERATION.TEXT_COMPLETION,
  responses: GEN_AI_OPERATION.CHAT,
  embeddings: GEN_AI_OPERATION.EMBEDDINGS,
};

const REQUEST_FIELDS = {
  'gen_ai.request.temperature': 'temperature',
  'gen_ai.request.top_p': 'top_p',
  'gen_ai.request.max_tokens': ['max_completion_tokens', 'max_output_tokens', 'max_tokens'],
};

function endpoint(kind: Kind): StainlessEndpoint {
  return {
    request(params, client) {
      const isAzure = !!client && (client.constructor?.name === 'AzureOpenAI' || typeof client.apiVersion === 'string');
      const ep = endpointOf(client?.baseURL, isAzure);
      return {
        operation: OPERATION[kind],
        provider: ep.provider,
        model: typeof params.model === 'string' ? params.model : undefined,
        streaming: kind === 'embeddings' ? undefined : !!params.stream,
        serverAddress: ep.serverAddress,
        serverPort: ep.serverPort,
        attributes: requestAttributes(params, REQUEST_FIELDS),
      };
    },
    input: kind === 'embeddings' ? undefined : (params) => params.messages ?? params.input ?? params.prompt,
    result: kind === 'responses' ? recordResponse : recordCompletion,
    stream: kind === 'responses' ? responseStreamReader : chatStreamReader,
  };
}

export class OpenAIInstrumentation extends GenAiInstrumentation {
  constructor() {
    super(...botanuScope('openai'), {});
  }

  protected init() {
    return [
      this.tracedMethods('openai', [SUPPORTED_VERSIONS.openai.openai], (mod: Obj) => {
        const OpenAI = mod?.OpenAI ?? mod?.default;
        return [
          stainlessCreate(OpenAI?.Chat?.Completions?.prototype, endpoint('chat')),
          stainlessCreate(OpenAI?.Completions?.prototype, endpoint('completion')),
          stainlessCreate(OpenAI?.Responses?.prototype, endpoint('responses')),
          stainlessCreate(OpenAI?.Embeddings?.prototype, endpoint('embeddings')),
        ];
      }),
    ];
  }
}

export function createOpenAIInstrumentation() {
  return new OpenAIInstrumentation();
}
