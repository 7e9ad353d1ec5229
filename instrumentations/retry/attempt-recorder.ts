// One place decides what an HTTP attempt is, for every client instrumentation:
// it counts the attempt for an enclosing LLM span, and labels a re-sent request
// with `http.request.resend_count` (OTel HTTP semconv: the same logical request
// re-sent from the same parent span; absent on the first attempt).
//
// The rule, in order:
// 1. An explicit marker (SDK attempt header, retry-library hook) decides.
// 2. Otherwise, generic rule: a request is a resend when, under the same parent
//    span, the previous request with the same method and full URL FAILED (a
//    transport error, or status 408, 409, 425, 429 or 5xx) and nothing with that
//    method and URL succeeded since; resend_count = failures in a row. So a
//    successful request repeated on purpose (polling) is never labelled, nor is
//    a concurrent twin, nor a request to another URL.
import type { Context, Span } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_REQUEST_RESEND_COUNT, ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { countAttempt } from './attempt-counter';
import { markedResendCount, type HeaderReader } from './attempt-markers';
import { ResendMemory } from './resend-memory';

/** What the SDK's span exposes (ReadableSpan of @opentelemetry/sdk-trace 2.x/3.x), read by duck typing. */
interface SpanView {
  parentSpanContext?: { spanId?: string };
  attributes?: Record<string, unknown>;
  isRecording?: () => boolean;
}

const memory = new ResendMemory();

/** Statuses that retry libraries and SDKs retry on (got, axios-retry, undici, OpenAI/Anthropic SDKs). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408 || status === 409 || status === 425;
}

/** The span's identity as a logical request, or undefined when it has no local parent. */
function logicalRequest(span: Span): [parentId: string, key: string] | undefined {
  const v = span as unknown as SpanView;
  const parentId = v.parentSpanContext?.spanId;
  const attrs = v.attributes;
  if (!parentId || !attrs) return undefined;
  const url = attrs[ATTR_URL_FULL];
  if (typeof url !== 'string') return undefined;
  return [parentId, `${String(attrs[ATTR_HTTP_REQUEST_METHOD] ?? 'GET')} ${url}`];
}

/** At the start of each attempt (the span exists, the request is not sent yet). */
export function recordAttemptStart(span: Span, ctx: Context, header: HeaderReader): void {
  countAttempt(ctx);
  if (!span.isRecording()) return;
  let resendCount = markedResendCount(header, ctx);
  if (resendCount === undefined && memory.size > 0) {
    const id = logicalRequest(span);
    if (id) resendCount = memory.failuresOf(id[0], id[1]);
  }
  if (resendCount) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, resendCount);
}

/** When the attempt's outcome is known: a response status, or a transport error (status undefined). */
export function recordAttemptOutcome(span: Span, status: number | undefined): void {
  const failed = status === undefined || isRetryableStatus(status);
  if (!failed && memory.size === 0) return;
  const id = logicalRequest(span);
  if (!id) return;
  if (failed) memory.recordFailure(id[0], id[1]);
  else memory.recordSuccess(id[0], id[1]);
}
