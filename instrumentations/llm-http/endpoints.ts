// Which LLM API a request URL addresses, by its path: what lets any code that
// calls a provider over HTTP (the Vercel AI SDK's providers, raw fetch, SDKs the
// agent has no hook for, gateways and self-hosted servers) be costed. The first
// test is one anchored regex on the path, so every other request pays that only.
import { endpointOf } from '../openai/provider';
import { GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';

/** The wire format of the request and its answer. */
export type WireFormat =
  | 'openai-chat'
  | 'openai-completion'
  | 'openai-responses'
  | 'openai-embeddings'
  | 'anthropic-messages'
  | 'gemini'
  | 'bedrock-converse'
  | 'bedrock-invoke'
  | 'cohere-chat'
  | 'ollama';

export interface LlmEndpoint {
  format: WireFormat;
  operation: string;
  provider: string;
  /** The model when the path names it (Gemini, Bedrock). */
  pathModel?: string;
  /** The path alone says the answer is streamed (Gemini, Bedrock). */
  pathStreams?: boolean;
  /** The body must name a model for this to be an LLM call (generic paths such as /responses). */
  needsBodyModel: boolean;
  serverAddress?: string;
  serverPort?: number;
}

// Ends of the paths LLM APIs use; anything else is not looked at again.
const LLM_PATH_END = /(?:\/(?:completions|responses|embeddings|messages|chat|generate|embed|converse|converse-stream|invoke|invoke-with-response-stream)|:(?:generateContent|streamGenerateContent))\/?$/;

const GEMINI = /\/models\/([^/:]+):(generateContent|streamGenerateContent)\/?$/;
const BEDROCK = /\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)\/?$/;

/** The path of an absolute URL string, without query or fragment ('' when it has none). */
function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return '';
  const start = url.indexOf('/', scheme + 3);
  if (start < 0) return '';
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// The last letter of every path LLM_PATH_END accepts (before an optional '/'):
// most other paths are told apart by one character, without running the regex.
function endsLikeLlmPath(path: string): boolean {
  let i = path.length - 1;
  if (i > 0 && path.charCodeAt(i) === 0x2f /* / */) i--;
  const c = path.charCodeAt(i);
  return c === 0x73 /* s */ || c === 0x74 /* t */ || c === 0x65 /* e */ || c === 0x64 /* d */ || c === 0x6d /* m */;
}

/** A request path (query allowed) that may be an LLM API's: the one test every other request pays. */
export function mayBeLlmPath(pathAndQuery: string): boolean {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  return endsLikeLlmPath(path) && LLM_PATH_END.test(path);
}

/** The LLM endpoint `url` addresses, or undefined (the common case, decided by one regex test). */
export function llmEndpoint(url: string): LlmEndpoint | undefined {
  const path = pathOf(url);
  if (!path || !endsLikeLlmPath(path) || !LLM_PATH_END.test(path)) return undefined;
  const p = path.endsWith('/') ? path.slice(0, -1) : path;
  const { provider: byHost, serverAddress: address, serverPort: port } = endpointOf(url, false);
  const known = byHost !== GEN_AI_PROVIDER.OPENAI || /(^|\.)openai\.com$/.test(address ?? '');
  const at = (provider: string) => ({ serverAddress: address, serverPort: port, provider: known ? byHost : provider });
  let m: RegExpExecArray | null;
  if ((m = GEMINI.exec(p))) {
    const vertex = /aiplatform\.googleapis\.com$/.test(address ?? '');
    return { format: 'gemini', operation: GEN_AI_OPERATION.GENERATE_CONTENT, pathModel: decode(m[1]), pathStreams: m[2] === 'streamGenerateContent', needsBodyModel: false, ...at(vertex ? GEN_AI_PROVIDER.GCP_VERTEX_AI : GEN_AI_PROVIDER.GCP_GEMINI) };
  }
  if ((m = BEDROCK.exec(p))) {
    const converse = m[2].startsWith('converse');
    return { format: converse ? 'bedrock-converse' : 'bedrock-invoke', operation: GEN_AI_OPERATION.CHAT, pathModel: decode(m[1]), pathStreams: m[2].endsWith('stream'), needsBodyModel: false, serverAddress: address, serverPort: port, provider: GEN_AI_PROVIDER.AWS_BEDROCK };
  }
  const openai = (format: WireFormat, operation: string): LlmEndpoint => ({ format, operation, needsBodyModel: true, ...at(GEN_AI_PROVIDER.OPENAI) });
  if (p.endsWith('/chat/completions')) return openai('openai-chat', GEN_AI_OPERATION.CHAT);
  if (p.endsWith('/completions')) return openai('openai-completion', GEN_AI_OPERATION.TEXT_COMPLETION);
  if (p.endsWith('/responses')) return openai('openai-responses', GEN_AI_OPERATION.CHAT);
  if (p.endsWith('/api/embeddings') || p.endsWith('/api/embed')) return { format: 'ollama', operation: GEN_AI_OPERATION.EMBEDDINGS, needsBodyModel: true, ...at(GEN_AI_PROVIDER.OLLAMA) };
  if (p.endsWith('/embeddings')) return openai('openai-embeddings', GEN_AI_OPERATION.EMBEDDINGS);
  if (p.endsWith('/v1/messages')) return { format: 'anthropic-messages', operation: GEN_AI_OPERATION.CHAT, needsBodyModel: true, ...at(GEN_AI_PROVIDER.ANTHROPIC) };
  if (p.endsWith('/v2/chat')) return { format: 'cohere-chat', operation: GEN_AI_OPERATION.CHAT, needsBodyModel: true, ...at('cohere') };
  if (p.endsWith('/api/chat')) return { format: 'ollama', operation: GEN_AI_OPERATION.CHAT, needsBodyModel: true, ...at(GEN_AI_PROVIDER.OLLAMA) };
  if (p.endsWith('/api/generate')) return { format: 'ollama', operation: GEN_AI_OPERATION.TEXT_COMPLETION, needsBodyModel: true, ...at(GEN_AI_PROVIDER.OLLAMA) };
  return undefined;
}
