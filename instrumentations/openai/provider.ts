// Which provider an OpenAI-compatible client talks to, from its base URL: the
// same SDK reaches OpenAI, Azure OpenAI, Groq, DeepSeek, a local Ollama or vLLM…
// and cost depends on who serves the call.
import { GEN_AI_PROVIDER } from '../genai/semconv';
import { serverOf, type ServerAddress } from '../genai/server-address';

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

// Default ports of the common self-hosted servers (never a scheme's default port, so a port given or not reads the same).
const BY_PORT: Record<number, string> = { 11434: GEN_AI_PROVIDER.OLLAMA, 8000: GEN_AI_PROVIDER.VLLM };

interface Endpoint extends ServerAddress {
  provider: string;
}

export function endpointOf(baseURL: unknown, isAzureClient: boolean): Endpoint {
  const server = serverOf(baseURL);
  if (isAzureClient) return { provider: GEN_AI_PROVIDER.AZURE_OPENAI, ...server };
  const host = server.serverAddress;
  const byHost = host && BY_HOST.find(([re]) => re.test(host))?.[1];
  const provider = byHost || (server.serverPort !== undefined && BY_PORT[server.serverPort]) || GEN_AI_PROVIDER.OPENAI;
  return { provider, ...server };
}
