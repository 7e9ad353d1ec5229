// Typed readers for environment variables. Every invalid value yields exactly
// one warning naming the variable and the default used; secrets are never echoed.
// Each read is recorded so `botanu-agent doctor` can show where a value came from.
import { isSecretVariable } from './redact';

export interface EnvRecord {
  name: string;
  value: string; // effective value, redacted when secret
  source: 'env' | 'default';
  problem?: string; // why the env value was rejected
}

export class EnvReader {
  readonly records: EnvRecord[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The raw value, or undefined when unset or blank (blank counts as unset, as in the OTel spec). */
  raw(name: string): string | undefined {
    const v = this.env[name];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  }

  private shown(name: string, v: unknown): string {
    if (v === undefined) return '(unset)';
    return isSecretVariable(name) ? '<redacted>' : String(v);
  }

  record(name: string, value: unknown, source: 'env' | 'default', problem?: string): void {
    this.records.push({ name, value: this.shown(name, value), source, problem });
  }

  /** Reports a rejected value once, in the standard shape. */
  invalid(name: string, rawValue: string, expected: string, fallback: unknown): void {
    const v = isSecretVariable(name) ? '<redacted>' : JSON.stringify(rawValue.slice(0, 200));
    const fb = fallback === undefined ? 'ignoring it' : `using ${this.shown(name, fallback)}`;
    this.warnings.push(`${name}=${v} is invalid (${expected}); ${fb}`);
    this.record(name, fallback, 'default', expected);
  }

  str(name: string, fallback?: string): string | undefined {
    const v = this.raw(name);
    this.record(name, v ?? fallback, v === undefined ? 'default' : 'env');
    return v ?? fallback;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) {
      this.record(name, fallback, 'default');
      return fallback;
    }
    const l = v.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(l)) return this.ok(name, true);
    if (['false', '0', 'no', 'off'].includes(l)) return this.ok(name, false);
    this.invalid(name, v, 'expected true or false', fallback);
    return fallback;
  }

  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.raw(name);
    if (v === undefined) {
      this.record(name, fallback, 'default');
      return fallback;
    }
    const n = /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.invalid(name, v, `expected an integer from ${min} to ${max}`, fallback);
      return fallback;
    }
    return this.ok(name, n);
  }

  float(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) {
      this.record(name, fallback, 'default');
      return fallback;
    }
    const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || n < min || n > max) {
      this.invalid(name, v, `expected a number from ${min} to ${max}`, fallback);
      return fallback;
    }
    return this.ok(name, n);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) {
      this.record(name, fallback, 'default');
      return fallback;
    }
    const l = v.toLowerCase() as T;
    if (allowed.includes(l)) return this.ok(name, l);
    this.invalid(name, v, `expected one of ${allowed.join(', ')}`, fallback);
    return fallback;
  }

  /** Comma-separated list, trimmed, empty items dropped. */
  list(name: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined) {
      this.record(name, undefined, 'default');
      return undefined;
    }
    this.record(name, v, 'env');
    return v.split(',').map((s) => s.trim()).filter(Boolean);
  }

  /** An absolute http(s) URL. Credentials in it are stripped with a warning. */
  url(name: string, schemeless?: 'http:' | 'https:'): string | undefined {
    const v = this.raw(name);
    if (v === undefined) {
      this.record(name, undefined, 'default');
      return undefined;
    }
    let u: URL;
    try {
      // `host:port` with no scheme (a gRPC endpoint's usual form) takes the given one.
      u = new URL(schemeless && /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?\/?$/i.test(v) ? `${schemeless}//${v}` : v);
    } catch {
      this.invalid(name, v, 'expected an absolute http:// or https:// URL', undefined);
      return undefined;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      this.invalid(name, v, 'expected an absolute http:// or https:// URL', undefined);
      return undefined;
    }
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
      this.warnings.push(`${name} contains credentials (user:password@); they were removed and will not be sent. Use OTEL_EXPORTER_OTLP_HEADERS or BOTANU_API_KEY instead`);
    }
    return this.ok(name, u.toString());
  }

  /** W3C-style `k=v,k2=v2` list with percent-decoding (OTEL_RESOURCE_ATTRIBUTES, *_HEADERS). */
  keyValues(name: string): Record<string, string> {
    const v = this.raw(name);
    const out: Record<string, string> = {};
    if (v === undefined) {
      this.record(name, undefined, 'default');
      return out;
    }
    const bad: string[] = [];
    for (const part of v.split(',')) {
      if (!part.trim()) continue;
      const eq = part.indexOf('=');
      const k = eq > 0 ? part.slice(0, eq).trim() : '';
      if (!k) {
        bad.push(part);
        continue;
      }
      try {
        out[decodeURIComponent(k)] = decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        bad.push(part);
      }
    }
    if (bad.length) {
      const what = isSecretVariable(name) ? `${bad.length} malformed entr${bad.length > 1 ? 'ies' : 'y'}` : `malformed entries ${JSON.stringify(bad.join(',').slice(0, 200))}`;
      this.warnings.push(`${name} has ${what} (expected key=value pairs separated by commas); ignoring ${bad.length > 1 ? 'them' : 'it'}`);
    }
    this.record(name, v, 'env', bad.length ? 'malformed entries ignored' : undefined);
    return out;
  }

  private ok<T>(name: string, value: T): T {
    this.record(name, value, 'env');
    return value;
  }
}
