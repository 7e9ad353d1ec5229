// Attempt hooks for @opentelemetry/instrumentation-http (node:http / node:https
// clients: axios, got, node-fetch, the AWS SDK's handler, ...). Each outgoing
// request is already its own CLIENT span; these hooks number the re-sent ones.
import type { Context, Span } from '@opentelemetry/api';
import { errorMonitor } from 'node:events';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { recordAttemptOutcome, recordAttemptStart } from './attempt-recorder';

function isClientRequest(r: unknown): r is ClientRequest {
  return typeof (r as ClientRequest)?.getHeader === 'function' && typeof (r as ClientRequest).setHeader === 'function';
}

/** `ctx`: the request's context (its span active). */
export function httpRequestHook(span: Span, request: ClientRequest | IncomingMessage, ctx: Context): void {
  if (!isClientRequest(request)) return; // server spans get the same hook
  recordAttemptStart(span, ctx, (name) => {
    const v = request.getHeader(name);
    return v === undefined ? undefined : String(Array.isArray(v) ? v[0] : v);
  });
  // A transport error (refused, reset, timeout) is a failed attempt too. This
  // listener runs inside the app's emit, so it must never throw.
  request.on(errorMonitor, () => {
    try {
      recordAttemptOutcome(span, undefined);
    } catch {
      /* bookkeeping only */
    }
  });
}

export function httpResponseHook(span: Span, response: IncomingMessage | ServerResponse): void {
  if (typeof (response as ServerResponse).setHeader === 'function') return; // server side
  const status = (response as IncomingMessage).statusCode;
  if (typeof status === 'number') recordAttemptOutcome(span, status);
}
