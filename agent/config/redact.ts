// Everything the agent prints about endpoints and headers goes through here,
// so a credential can never reach a log line or a diagnostic. URLs get the same
// rule as URLs on spans (url-secrets.ts): what doctor, the logs and the dev
// viewer print reads exactly like what the collector receives.
import { DEFAULT_URL_SECRET_RULE, type UrlSecretRule } from './url-secrets';

const SECRET_VARIABLE = /(KEY|TOKEN|SECRET|PASSWORD|HEADERS|AUTH)/i;

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

/** A URL as safe to print: userinfo and sensitive query values `REDACTED`, the rest as given. */
export function redactUrl(raw: string, rule: UrlSecretRule = DEFAULT_URL_SECRET_RULE): string {
  try {
    new URL(raw);
  } catch {
    return '<unparseable url>';
  }
  return rule.redact(raw);
}

/** Header names stay visible (they tell the user what is configured); values never do. */
export function redactHeaders(headers: Record<string, string>): string {
  const names = Object.keys(headers);
  return names.length ? names.map((n) => `${n}=***`).join(',') : '(none)';
}
