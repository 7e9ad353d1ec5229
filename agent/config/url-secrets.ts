// The one rule for credentials inside URLs, wherever a URL or query string
// appears: span attributes (every instrumentation, ours and adopted ones), what
// the dev viewer prints, and what doctor and the logs print about endpoints.
// - the value of a sensitive query parameter (also in a fragment after the
//   query) becomes `REDACTED`;
// - userinfo becomes `REDACTED:REDACTED@`, as the HTTP semantic conventions ask;
// - everything else (scheme, host, path, other parameters) is kept, so routes
//   and hosts stay useful.
// It is written for the span hot path: a value without '?' or '@' is
// returned after two indexOf calls, and nothing is allocated unless a secret is found.
import { charCodeAt, indexOf, toLowerCase } from '../string-methods';

const REDACTED = 'REDACTED';

/** Query parameters whose values never leave the process (matched case-insensitively). */
export const DEFAULT_REDACTED_QUERY_PARAMS: readonly string[] = [
  'key',
  'api_key',
  'apikey',
  'api-key',
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'client_secret',
  'password',
  'passwd',
  'secret',
  'code', // OAuth authorization-code callbacks
  'sig',
  'signature',
  'AWSAccessKeyId',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'X-Goog-Signature',
  'X-Goog-Credential',
];

// `scheme://userinfo@`: the authority ends at '/', '?', '#', whitespace or a
// quote / angle bracket (never raw in a URL; they end a URL quoted in text); the
// last '@' before that ends the userinfo (a password may hold a raw '@').
const USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#"<>]*@/g;
// `user:password@host` with no scheme, as server/peer/broker attributes may hold it.
const BARE_USERINFO = /^[^\s/?#@:]*:[^\s/?#]*@(?=[^\s@/]+$)/;
// Attributes that name a peer and so may carry `user:password@host[:port]`.
const HOST_LIKE_KEY = /address|host|peer|broker|server|connection|url|endpoint/i;
const USERINFO_REPLACEMENT = `${REDACTED}:${REDACTED}@`;

const AMP = 38; // &
const EQ = 61; // =
const HASH = 35; // #
const QUOTE = 34; // "
const LT = 60; // <
const GT = 62; // >
const QUESTION = 63; // ?

/** Ends a parameter: '&', '#', whitespace, or what cannot be raw in a URL (it ends a quoted one). */
function endsParam(c: number): boolean {
  return c === AMP || c === HASH || c <= 32 || c === QUOTE || c === LT || c === GT;
}

/** What a span carries text in: an SDK span as it ends, or a span decoded by the dev viewer. */
export interface SpanTextFields {
  name: string;
  attributes: Record<string, unknown>;
  events?: readonly { attributes?: Record<string, unknown> }[];
  status?: { message?: string };
}

export class UrlSecretRule {
  private readonly keys: Set<string>;

  constructor(extraParams: readonly string[] = []) {
    this.keys = new Set([...DEFAULT_REDACTED_QUERY_PARAMS, ...extraParams].map((k) => k.toLowerCase()));
  }

  /** A string that may hold URLs (a URL, a target, a connection string, a message). */
  redact(value: string): string {
    const q = indexOf(value, '?');
    const at = indexOf(value, '@');
    if (q < 0 && at < 0) return value;
    let out = value;
    if (at >= 0) {
      USERINFO.lastIndex = 0;
      out = out.includes('://') ? out.replace(USERINFO, `$1${USERINFO_REPLACEMENT}`) : out;
    }
    const start = q < 0 ? -1 : out === value ? q : indexOf(out, '?');
    return start >= 0 ? this.redactParams(out, start + 1) : out;
  }

  /** A query string (`url.query`: no leading '?' by the conventions; the undici instrumentation keeps it). */
  private redactQuery(query: string): string {
    return indexOf(query, '=') < 0 ? query : this.redactParams(query, charCodeAt(query, 0) === QUESTION ? 1 : 0);
  }

  /** A host-like value (`server.address`, a broker list entry) that may start with `user:password@`. */
  private redactBareUserinfo(value: string): string {
    return indexOf(value, '@') < 0 ? value : value.replace(BARE_USERINFO, USERINFO_REPLACEMENT);
  }

  /**
   * Every string (and string array) value of an attribute set, in place. Keys
   * say only where extra care is due: `url.query` has no leading '?', and a
   * server/peer/broker/connection value may hold `user:password@` with no scheme.
   */
  redactAttributes(attrs: Record<string, unknown>): void {
    for (const key in attrs) {
      const v = attrs[key];
      if (typeof v === 'string') {
        const r = this.redactValue(key, v);
        if (r !== v) attrs[key] = r;
      } else if (Array.isArray(v)) {
        // A new array when something changes: the span may share this one with the app.
        let copy: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
          const e = v[i];
          if (typeof e !== 'string') continue;
          const r = this.redactValue(key, e);
          if (r !== e) (copy ??= v.slice())[i] = r;
        }
        if (copy) attrs[key] = copy;
      }
    }
  }

  /**
   * A span, in place: name, attributes, event attributes, status message. Not
   * link attributes: an SDK span holds the app's own link objects, which are not ours to change.
   */
  redactSpan(span: SpanTextFields): void {
    this.redactAttributes(span.attributes);
    const { events, status } = span;
    if (events) for (let i = 0; i < events.length; i++) if (events[i].attributes) this.redactAttributes(events[i].attributes!);
    const name = this.redact(span.name);
    if (name !== span.name) span.name = name;
    const message = status?.message;
    if (typeof message === 'string') {
      const r = this.redact(message);
      if (r !== message) status!.message = r;
    }
  }

  private redactValue(key: string, v: string): string {
    if (key === 'url.query') return this.redactQuery(v);
    const at = indexOf(v, '@');
    if (at < 0 && indexOf(v, '?') < 0) return v; // nearly every value: two scans, nothing else
    const r = this.redact(v);
    return at >= 0 && HOST_LIKE_KEY.test(key) ? this.redactBareUserinfo(r) : r;
  }

  private sensitive(key: string): boolean {
    if (this.keys.has(toLowerCase(key))) return true;
    if (indexOf(key, '%') < 0 && indexOf(key, '+') < 0) return false;
    try {
      return this.keys.has(decodeURIComponent(key.replace(/\+/g, ' ')).toLowerCase());
    } catch {
      return false;
    }
  }

  /** Redacts `key=value` pairs from `from` on; after whitespace, continues at the next '?'. */
  private redactParams(s: string, from: number): string {
    const n = s.length;
    let out = '';
    let copied = 0;
    let i = from;
    while (i < n) {
      let j = i;
      let c = 0;
      while (j < n && (c = charCodeAt(s, j)) !== EQ && !endsParam(c)) j++;
      if (j < n && c === EQ) {
        let k = j + 1;
        while (k < n && !endsParam(charCodeAt(s, k))) k++;
        if (k > j + 1 && this.sensitive(s.slice(i, j))) {
          out += s.slice(copied, j + 1) + REDACTED;
          copied = k;
        }
        j = k;
      }
      if (j >= n) break;
      c = charCodeAt(s, j);
      if (c === AMP || c === HASH) {
        i = j + 1;
        continue;
      }
      // Whitespace or a quote: this URL ended; a later one in the same text starts at its '?'.
      const next = indexOf(s, '?', j);
      if (next < 0) break;
      i = next + 1;
    }
    return copied === 0 ? s : out + s.slice(copied);
  }
}

/** The rule with only the default parameters (for what is printed before the config is read). */
export const DEFAULT_URL_SECRET_RULE = new UrlSecretRule();
