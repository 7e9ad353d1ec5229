// Says once per provider, at info level, when llm-http costs calls that an SDK
// instrumentation was armed for but never hooked: the SDK was bundled (Next.js
// server chunks, esbuild, webpack) or loaded under another name, so the startup
// line's "instrumenting … openai" did not happen; the calls are costed anyway.
import { log } from '../../agent/for-instrumentations';
import { GEN_AI_PROVIDER } from '../genai/semconv';
import { isArmed, isHooked } from '../hooked';

const SDK_OF: Record<string, string[]> = {
  [GEN_AI_PROVIDER.OPENAI]: ['openai'],
  [GEN_AI_PROVIDER.AZURE_OPENAI]: ['openai'],
  [GEN_AI_PROVIDER.ANTHROPIC]: ['anthropic'],
  [GEN_AI_PROVIDER.GCP_GEMINI]: ['google-genai'],
  [GEN_AI_PROVIDER.GCP_VERTEX_AI]: ['google-genai', 'vertexai'],
  [GEN_AI_PROVIDER.AWS_BEDROCK]: ['bedrock'],
};

const told = new Set<string>();

/** Called when llm-http starts recording a call to `provider`. */
export function noteHttpLayerCall(provider: string): void {
  if (told.has(provider)) return;
  told.add(provider);
  const unhooked = (SDK_OF[provider] ?? []).filter((e) => isArmed(e) && !isHooked(e));
  if (unhooked.length === 0) return;
  log.info(
    `${provider} calls are costed at the HTTP layer (llm-http): the ${unhooked.join(' / ')} instrumentation is on but has hooked no module in this process (bundled, e.g. into Next.js server chunks, or not loaded by name)`,
  );
}
