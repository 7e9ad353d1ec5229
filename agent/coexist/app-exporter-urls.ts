// Where the app's own span exporters send, read from the exporter objects
// (no public getter; the OTLP exporters keep the URL a few objects deep, e.g.
// `_delegate._transport._transport._parameters.url` in 0.2xx and 0.30x). A
// bounded walk: a few hundred objects at most, once per attach.
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

const MAX_DEPTH = 6;
const MAX_NODES = 400;

export function normalizeUrl(u: string): string {
  return u.trim().replace(/\/+$/, '').toLowerCase();
}

export function appExporterUrls(processors: readonly SpanProcessor[]): Set<string> {
  const found = new Set<string>();
  const seen = new Set<object>();
  let nodes = 0;
  const walk = (o: unknown, depth: number): void => {
    if (!o || typeof o !== 'object' || seen.has(o) || depth > MAX_DEPTH || ++nodes > MAX_NODES) return;
    seen.add(o);
    let keys: string[];
    try {
      keys = Object.keys(o);
    } catch {
      return;
    }
    for (const k of keys) {
      let v: unknown;
      try {
        v = (o as Record<string, unknown>)[k];
      } catch {
        continue;
      }
      if (typeof v === 'string') {
        if (/^https?:\/\//i.test(v)) found.add(normalizeUrl(v));
      } else walk(v, depth + 1);
    }
  };
  for (const p of processors) walk((p as { _exporter?: unknown })?._exporter, 0);
  return found;
}
