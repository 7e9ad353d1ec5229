// Packages with no instrumentation of their own whose LLM calls are costed
// anyway, at the HTTP layer (or through an SDK they load): `doctor` lists them
// as covered instead of uncovered. A name ending in '/' is a scope prefix.
export const COSTED_OVER_HTTP: readonly string[] = [
  'ai', // Vercel AI SDK: its providers call global fetch
  '@ai-sdk/',
  '@langchain/', // through the openai / anthropic / google SDKs they load, else over fetch
  'langchain',
  '@openai/agents', // through the openai SDK
  'groq-sdk',
  '@mistralai/mistralai',
  'cohere-ai',
  'ollama',
  'together-ai',
  '@google/generative-ai',
];

export function isCostedOverHttp(pkg: string): boolean {
  return COSTED_OVER_HTTP.some((p) => (p.endsWith('/') ? pkg.startsWith(p) : pkg === p));
}

/** The SDK instrumentations whose library a bundler may inline (then llm-http costs its calls). */
export const LLM_SDK_INSTRUMENTATIONS: readonly string[] = ['openai', 'anthropic', 'google-genai', 'vertexai', 'bedrock'];
