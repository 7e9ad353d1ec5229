// Attribute names and values of the GenAI spans, shared by every LLM
// instrumentation (openai, anthropic, google, bedrock…). OpenTelemetry GenAI
// semantic conventions wherever they define a name; botanu.* for what cost
// attribution needs and no convention covers.
//
// How an LLM instrumentation uses this module (instrumentations/genai/):
//   1. `startGenAiCall(tracer, request)` (genai-call.ts) around ONE logical SDK
//      call: it starts the span (kind CLIENT, name "<operation> <model>") and
//      returns a context carrying the span and the attempt counter; run the
//      SDK's own method inside `context.with(call.context, …)` so every HTTP
//      attempt becomes a child span and is counted (botanu.request.attempts).
//   2. Non-streaming: `call.end(usage, response)` / `call.fail(err)`.
//   3. Streaming: `observeStream(iterable, {onChunk, onDone})` (stream-span.ts)
//      sees each chunk as the app pulls it (nothing altered, buffered or
//      delayed) and reports exactly once whether the stream finished,
//      was cancelled or failed; read usage from the provider's final event and
//      call `call.end(...)` / `call.cancel(...)` / `call.fail(...)` from there.
//   4. Usage: `undefined` when the provider sent none → botanu.usage.missing=true
//      (never estimated). gen_ai.usage.input_tokens is the TOTAL input,
//      cached tokens included (sum the parts for providers that report them
//      separately, e.g. Anthropic); cache_read/cache_write are subsets of it.
//      reasoning tokens are a subset of output_tokens.
//   5. Content (off by default): `contentCapture()` / `scrubContent()` in
//      content-capture.ts; never put prompts on a span any other way.

export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';

// botanu.* cost detail: the same numbers under the names botanu's pipeline
// reads (the GenAI cache/reasoning names above are still experimental).
export const ATTR_BOTANU_USAGE_CACHE_READ_TOKENS = 'botanu.usage.cache_read_tokens';
export const ATTR_BOTANU_USAGE_CACHE_WRITE_TOKENS = 'botanu.usage.cache_write_tokens';
export const ATTR_BOTANU_USAGE_REASONING_TOKENS = 'botanu.usage.reasoning_tokens';
/** true when the provider reported no usage (e.g. an OpenAI stream without stream_options.include_usage). */
export const ATTR_BOTANU_USAGE_MISSING = 'botanu.usage.missing';
/** HTTP attempts the logical call took (1 = no retry). */
export const ATTR_BOTANU_REQUEST_ATTEMPTS = 'botanu.request.attempts';
export const ATTR_BOTANU_REQUEST_STREAMING = 'botanu.request.streaming';
/** true when the app stopped reading a stream before its end (break, return, abort). */
export const ATTR_BOTANU_STREAM_CANCELLED = 'botanu.stream.cancelled';

/** gen_ai.operation.name well-known values. */
export const GEN_AI_OPERATION = {
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  EMBEDDINGS: 'embeddings',
  GENERATE_CONTENT: 'generate_content',
} as const;

/** gen_ai.provider.name well-known values. */
export const GEN_AI_PROVIDER = {
  OPENAI: 'openai',
  AZURE_OPENAI: 'azure.ai.openai',
  ANTHROPIC: 'anthropic',
  AWS_BEDROCK: 'aws.bedrock',
  GCP_GEMINI: 'gcp.gemini',
  GCP_VERTEX_AI: 'gcp.vertex_ai',
  GCP_GEN_AI: 'gcp.gen_ai',
  OLLAMA: 'ollama',
  VLLM: 'vllm',
  GROQ: 'groq',
  MISTRAL_AI: 'mistral_ai',
  DEEPSEEK: 'deepseek',
  X_AI: 'x_ai',
  PERPLEXITY: 'perplexity',
} as const;

