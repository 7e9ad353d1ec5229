// Requests another tracer makes to ship its own telemetry (dd-trace to its
// agent, Sentry to its ingest). They are that tracer's plumbing, not the app's
// work: traced, they would put a span in botanu on every flush.
import type { RequestOptions } from 'node:http';

const SENTRY_ENVELOPE = /^\/api\/\d+\/envelope\/?(\?|$)/;

export function isVendorTelemetryRequest(req: RequestOptions): boolean {
  try {
    const headers = req.headers;
    if (headers && !Array.isArray(headers)) {
      for (const k of Object.keys(headers)) {
        const l = k.toLowerCase();
        if (l === 'datadog-meta-lang' || l === 'x-sentry-auth') return true;
      }
    }
    return typeof req.path === 'string' && SENTRY_ENVELOPE.test(req.path);
  } catch {
    return false;
  }
}
