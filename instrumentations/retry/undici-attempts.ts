// Attempt hooks for @opentelemetry/instrumentation-undici: global fetch (Node's
// bundled undici) and the undici package publish on the same named diagnostics
// channels, so one subscription sees both.
import { context, type Span } from '@opentelemetry/api';
import * as diagnostics from 'node:diagnostics_channel';
import { recordAttemptOutcome, recordAttemptStart } from './attempt-recorder';

/** The parts of undici's Request we read (undici 5–8, Node's bundled copy included). */
interface UndiciRequestView {
  headers?: string | (string | string[] | Buffer)[];
}

const ATTEMPT_SPAN = Symbol('botanu.http.attempt-span');
const SUBSCRIBED = Symbol.for('botanu.undici.attempt-errors');

/** Header lookup on undici's request: a flat [name, value, ...] array, or a raw "name: value\r\n" block. */
export function undiciHeader(request: UndiciRequestView, lowerCaseName: string): string | undefined {
  const h = request.headers;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) {
      const k = h[i];
      if (typeof k === 'string' && k.length === lowerCaseName.length && k.toLowerCase() === lowerCaseName) {
        const v = h[i + 1];
        return String(Array.isArray(v) ? v[0] : v);
      }
    }
    return undefined;
  }
  if (typeof h !== 'string' || h.length === 0) return undefined;
  const m = rawHeaderPattern(lowerCaseName).exec(h);
  return m ? m[1].trim() : undefined;
}

// One case-insensitive pattern per header name (a handful), so a block without
// the header costs a scan and no allocation.
const rawPatterns = new Map<string, RegExp>();
function rawHeaderPattern(lowerCaseName: string): RegExp {
  let re = rawPatterns.get(lowerCaseName);
  if (!re) {
    re = new RegExp(`(?:^|\\n)${lowerCaseName.replace(/[^a-z0-9-]/g, '')}:([^\\r\\n]*)`, 'i');
    rawPatterns.set(lowerCaseName, re);
  }
  return re;
}

export function undiciRequestHook(span: Span, request: UndiciRequestView): void {
  recordAttemptStart(span, context.active(), (name) => undiciHeader(request, name));
  (request as Record<symbol, unknown>)[ATTEMPT_SPAN] = span;
}

export function undiciResponseHook(span: Span, info: { response?: { statusCode?: number } }): void {
  const status = info?.response?.statusCode;
  if (typeof status === 'number') recordAttemptOutcome(span, status);
}

function onRequestError(message: unknown): void {
  try {
    const request = (message as { request?: Record<symbol, unknown> })?.request;
    const span = request?.[ATTEMPT_SPAN] as Span | undefined;
    if (span) recordAttemptOutcome(span, undefined);
  } catch {
    /* never disturb the app's request */
  }
}

/** Transport errors have no instrumentation hook: listen on undici's own error channel (once per process). */
export function watchUndiciErrors(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[SUBSCRIBED]) return;
  g[SUBSCRIBED] = true;
  diagnostics.subscribe('undici:request:error', onRequestError);
}
