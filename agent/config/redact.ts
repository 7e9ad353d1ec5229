// Everything the agent prints about endpoints and headers goes through here,
// so a credential can never reach a log line or a diagnostic.

const SECRET_VARIABLE = /(KEY|TOKEN|SECRET|PASSWORD|HEADERS|AUTH)/i;

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

/** A URL as safe to print: no user:password, no query string. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    const auth = u.username || u.password ? '***@' : '';
    const query = u.search ? '?***' : '';
    return `${u.protocol}//${auth}${u.host}${u.pathname}${query}`;
  } catch {
    return '<unparseable url>';
  }
}

/** Header names stay visible (they tell the user what is configured); values never do. */
export function redactHeaders(headers: Record<string, string>): string {
  const names = Object.keys(headers);
  return names.length ? names.map((n) => `${n}=***`).join(',') : '(none)';
}
