// Prompt and completion content on GenAI spans: OFF unless
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (read with the rest of
// the config, handed here by the loader). When on, every value
// is scrubbed of secrets and personal data first, then truncated, so a span can
// never carry an API key or a card number the app happened to put in a prompt.
import { DEFAULT_GENAI_CONTENT_MAX_LENGTH, type GenAiSettings } from '../../agent/for-instrumentations';


let settings = { enabled: false, maxLength: DEFAULT_GENAI_CONTENT_MAX_LENGTH };

/** Called once by the loader with the agent's config, before any instrumentation is created. */
export function configureContentCapture(s: GenAiSettings): void {
  settings = { enabled: s.captureContent, maxLength: s.contentMaxLength };
}

export function contentCapture(): { enabled: boolean; maxLength: number } {
  return settings;
}

// Order matters: specific token shapes before generic ones, cards (Luhn-checked)
// before phone numbers, since both are runs of digits.
const SECRETS: Array<[name: string, re: RegExp]> = [
  ['bearer_token', /\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi],
  ['jwt', /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g],
  ['anthropic_key', /\bsk-ant-[A-Za-z0-9_-]{20,}/g],
  ['openai_key', /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g],
  ['aws_access_key', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ['google_api_key', /\bAIza[A-Za-z0-9_-]{35}\b/g],
  ['github_token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g],
  ['stripe_key', /\b[sr]k_live_[A-Za-z0-9]{24,}\b/g],
  ['slack_token', /\bxox[baprs]-[A-Za-z0-9-]+/g],
];
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const PHONES: RegExp[] = [/\+[1-9]\d{6,14}\b/g, /(?:\(\d{3}\)\s?|\b\d{3}[-.\s])\d{3}[-.\s]\d{4}\b/g];

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** Scrubs secrets and personal data, then truncates to `maxLength` characters. */
export function scrubContent(text: string, maxLength = DEFAULT_GENAI_CONTENT_MAX_LENGTH): string {
  let out = text;
  for (const [name, re] of SECRETS) out = out.replace(re, `[REDACTED:${name}]`);
  out = out.replace(CARD, (m) => (luhnValid(m.replace(/[ -]/g, '')) ? '[REDACTED:credit_card]' : m));
  out = out.replace(EMAIL, '[REDACTED:email]');
  for (const re of PHONES) out = out.replace(re, '[REDACTED:phone]');
  return out.length > maxLength ? `${out.slice(0, maxLength)}…[truncated]` : out;
}

/** The value to put on a span when capture is on (JSON for structured content), or undefined when it is off. */
export function capturedContent(value: unknown): string | undefined {
  const s = contentCapture();
  if (!s.enabled || value === undefined) return undefined;
  try {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text === undefined ? undefined : scrubContent(text, s.maxLength);
  } catch {
    return undefined;
  }
}
