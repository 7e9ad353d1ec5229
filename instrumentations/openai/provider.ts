// Which provider an OpenAI-compatible client talks to, from its base URL: the
// same SDK reaches OpenAI, Azure OpenAI, Groq, DeepSeek, a local Ollama or vLLM…
// and cost depends on who serves the call.
import { GEN_AI_PROVIDER } from '../genai/semconv';
import { serverOf } from '../genai/server-address';

const BY_HOST: Array<[RegExp, string]> = [
  [/(^|\.)openai\.azure\.com$|(^|\.)cognitiveservices\.azure\.com$|(^|\.)services\.ai\.azure\.com$/, GEN_AI_PROVIDER.AZURE_OPENAI],
  [/(^|\.)openai\.com$/, GEN_AI_PROVIDER.OPENAI],
  [/(^|\.)groq\.com$/, GEN_AI_PROVIDER.GROQ],
  [/(^|\.)deepseek\.com$/, GEN_AI_PROVIDER.DEEPSEEK],
  [/(^|\.)x\.ai$/, GEN_AI_PROVIDER.X_AI],
  [/(^|\.)mistral\.ai$/, GEN_AI_PROVIDER.MISTRAL_AI],
  [/(^|\.)perplexity\.ai$/, GEN_AI_PROVIDER.PERPLEXITY],
  [/^generativelanguage\.googleapis\.com$/, GEN_AI_PROVIDER.GCP_GEMINI],
  [/aiplatform\.googleapis\.com$/, GEN_AI_PROVIDER.GCP_VERTEX_AI],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
  [/(^|\.)together\.(xyz|ai)$/, 'together'],
  [/(^|\.)fireworks\.ai$/, 'fireworks'],
  [/ollama/, GEN_AI_PROVIDER.OLLAMA],
  [/vllm/, GEN_AI_PROVIDER.VLLM],
];

// Default ports of the common self-hosted servers.
const BY_PORT: Record<string, string> = { '11434': GEN_AI_PROVIDER.OLLAMA, '8000': GEN_AI_PROVIDER.VLLM };

export interface Endpoint {
  provider: string;
  address?: string;
  port?: number;
}

export function endpointOf(baseURL: unknown, isAzureClient: boolean): Endpoint {
  const { url: u, address, port } = serverOf(baseURL);
  if (isAzureClient) return { provider: GEN_AI_PROVIDER.AZURE_OPENAI, address, port };
  const byHost = address && BY_HOST.find(([re]) => re.test(address))?.[1];
  const provider = byHost || (u?.port && BY_PORT[u.port]) || GEN_AI_PROVIDER.OPENAI;
  return { provider, address, port };
}
