// The last line of defence for everything the CLI prints: every value of a
// secret-looking variable in the app's env, every header value, and any URL
// credential (userinfo, sensitive query values: the span rule) is replaced
// before output, whatever produced the text.
import { isSecretVariable } from '../config/redact';
import type { UrlSecretRule } from '../config/url-secrets';

const MIN_SECRET_LENGTH = 4; // shorter values ("1", "yes") would blank out ordinary words

function secretValues(env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const [name, raw] of Object.entries(env)) {
    if (!raw || !isSecretVariable(name)) continue;
    out.add(raw.trim());
    // Header lists: each value on its own, raw and percent-decoded.
    for (const part of raw.split(',')) {
      const v = part.slice(part.indexOf('=') + 1).trim();
      out.add(v);
      try {
        out.add(decodeURIComponent(v));
      } catch {
        /* keep the raw form only */
      }
    }
  }
  return [...out].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function secretScrubber(env: NodeJS.ProcessEnv, urls: UrlSecretRule): (text: string) => string {
  const secrets = secretValues(env);
  return (text) => {
    let t = urls.redact(text);
    for (const s of secrets) t = t.split(s).join('***');
    return t;
  };
}
