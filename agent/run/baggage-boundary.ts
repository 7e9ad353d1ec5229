// Trust boundaries for botanu baggage.
// Incoming: with BOTANU_TRUST_INCOMING_BAGGAGE=false (edge services) botanu.*
// entries are dropped at extraction, before any span or handler sees them.
// Outgoing: botanu.* entries are removed from the `baggage` header of requests to
// hosts that must not learn run identity (LLM provider APIs by default), whatever
// instrumentation injected the header. Done at the transport: node:http through
// its `http.client.request.created` diagnostics channel, undici/fetch through
// `undici:request:create` (subscribed after the instrumentations, so it runs last).
import dc = require('node:diagnostics_channel');
import { propagation, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { BOTANU_PREFIX } from './attributes';
import { log } from '../config/logger';

export const DEFAULT_BAGGAGE_DENY_HOSTS = [
  'api.openai.com',
  '*.openai.azure.com',
  'api.anthropic.com',
  'generativelanguage.googleapis.com',
  'aiplatform.googleapis.com',
  '*-aiplatform.googleapis.com',
  'bedrock-runtime.*.amazonaws.com',
  'bedrock-runtime-fips.*.amazonaws.com',
  'api.mistral.ai',
  'api.cohere.com',
  'api.cohere.ai',
  'api.groq.com',
  'api.together.xyz',
  'api.deepseek.com',
];

/** Host patterns: exact names, `*` matching any run of characters (`*.example.com`). */
export function hostMatcher(patterns: string[]): (host: string) => boolean {
  if (patterns.length === 0) return () => false;
  const re = new RegExp(`^(?:${patterns.map((p) => p.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')).join('|')})$`);
  return (host) => re.test(host.toLowerCase());
}

export interface OutgoingPolicy {
  deny: string[];
  allow?: string[];
}

/** May botanu baggage go to this host? */
export function baggageAllowedTo(policy: OutgoingPolicy): (host: string) => boolean {
  const denied = hostMatcher(policy.deny);
  const allowed = policy.allow ? hostMatcher(policy.allow) : () => true;
  return (host) => allowed(host) && !denied(host);
}

/** A `baggage` header value without its botanu.* list-members; undefined when nothing remains. */
export function withoutBotanuEntries(header: string): string | undefined {
  const kept = header.split(',').filter((m) => !m.trim().startsWith(BOTANU_PREFIX));
  return kept.length ? kept.join(',') : undefined;
}

function hostOf(origin: unknown): string {
  try {
    return new URL(String(origin)).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

interface ClientRequestLike {
  host?: string;
  getHeader(name: string): unknown;
  setHeader(name: string, value: string): void;
  removeHeader(name: string): void;
  headersSent?: boolean;
}

interface UndiciRequestLike {
  origin?: unknown;
  headers?: unknown;
}

function scrubUndiciHeaders(req: UndiciRequestLike): void {
  const h = req.headers;
  if (Array.isArray(h)) {
    // undici >= 6: [name, value, name, value, ...]
    for (let i = h.length - 2; i >= 0; i -= 2) {
      if (String(h[i]).toLowerCase() !== 'baggage') continue;
      const kept = withoutBotanuEntries(String(h[i + 1]));
      if (kept === undefined) h.splice(i, 2);
      else h[i + 1] = kept;
    }
  } else if (typeof h === 'string') {
    // undici 5: "name: value\r\n..."
    req.headers = h
      .split('\r\n')
      .map((line) => {
        if (!/^baggage:/i.test(line)) return line;
        const kept = withoutBotanuEntries(line.slice(line.indexOf(':') + 1).trim());
        return kept === undefined ? undefined : `baggage: ${kept}`;
      })
      .filter((l) => l !== undefined)
      .join('\r\n');
  }
}

export function installOutgoingBaggageGuard(policy: OutgoingPolicy): void {
  const allowed = baggageAllowedTo(policy);
  let reported = false;
  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (!reported) log.debug(`baggage guard (${what}) skipped a request: ${(err as Error).message}`);
      reported = true;
    }
  };
  dc.subscribe('http.client.request.created', (msg) =>
    guard('http', () => {
      const req = (msg as { request: ClientRequestLike }).request;
      if (!req || req.headersSent || allowed(String(req.host ?? ''))) return;
      const v = req.getHeader('baggage');
      if (v === undefined) return;
      const kept = withoutBotanuEntries(Array.isArray(v) ? v.join(',') : String(v));
      if (kept === undefined) req.removeHeader('baggage');
      else req.setHeader('baggage', kept);
    }),
  );
  // An origin's verdict is remembered: a request to an allowed host costs one lookup.
  const verdicts = new Map<unknown, boolean>();
  const allowedOrigin = (origin: unknown): boolean => {
    let v = verdicts.get(origin);
    if (v === undefined) {
      v = allowed(hostOf(origin));
      if (typeof origin === 'string') {
        if (verdicts.size >= 512) verdicts.clear();
        verdicts.set(origin, v);
      }
    }
    return v;
  };
  dc.subscribe('undici:request:create', (msg) => {
    try {
      const req = (msg as { request: UndiciRequestLike }).request;
      if (req && !allowedOrigin(req.origin)) scrubUndiciHeaders(req);
    } catch (err) {
      if (!reported) log.debug(`baggage guard (undici) skipped a request: ${(err as Error).message}`);
      reported = true;
    }
  });
}

/** Wraps a propagator so that extraction never yields botanu.* baggage entries. */
export function untrustedIncomingBaggage(inner: TextMapPropagator): TextMapPropagator {
  return {
    inject: (ctx: Context, carrier: unknown, setter: TextMapSetter) => inner.inject(ctx, carrier, setter),
    fields: () => inner.fields(),
    extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
      const out = inner.extract(ctx, carrier, getter);
      const bag = propagation.getBaggage(out);
      if (!bag || bag === propagation.getBaggage(ctx)) return out;
      let cleaned = bag;
      for (const [key] of bag.getAllEntries()) if (key.startsWith(BOTANU_PREFIX)) cleaned = cleaned.removeEntry(key);
      if (cleaned === bag) return out;
      return cleaned.getAllEntries().length ? propagation.setBaggage(out, cleaned) : propagation.deleteBaggage(out);
    },
  };
}
