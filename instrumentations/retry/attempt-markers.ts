// Explicit attempt numbers, preferred over the generic rule because they tell a
// retry from a deliberate repeat:
// - SDKs that number their attempts in a request header:
//   `x-stainless-retry-count: N` (OpenAI, Anthropic and other Stainless-generated SDKs; 0 on the first try),
//   `amz-sdk-request: attempt=N; max=M` (AWS SDK for JavaScript v3, Bedrock included; 1 on the first try).
// - Retry libraries we hook (undici's RetryHandler): they put the resend number
//   in the context of the re-dispatch.
import { createContextKey, type Context } from '@opentelemetry/api';

export const STAINLESS_RETRY_COUNT_HEADER = 'x-stainless-retry-count';
export const AWS_SDK_REQUEST_HEADER = 'amz-sdk-request';

/** Reads one request header (any case); undefined when absent. */
export type HeaderReader = (lowerCaseName: string) => string | undefined;

// Symbol.for-based: shared by every bundle of this module in the process.
const RESEND_COUNT_KEY = createContextKey('botanu.http.resend-count');

export function withResendCount(ctx: Context, resendCount: number): Context {
  return ctx.setValue(RESEND_COUNT_KEY, resendCount);
}

const AWS_ATTEMPT = /(?:^|[;\s])attempt=(\d+)/;

/** The resend count an SDK header or a retry-library hook states, or undefined when none does. */
export function markedResendCount(header: HeaderReader, ctx: Context): number | undefined {
  const stainless = header(STAINLESS_RETRY_COUNT_HEADER);
  if (stainless !== undefined) {
    const n = Number(stainless);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  const aws = header(AWS_SDK_REQUEST_HEADER);
  if (aws !== undefined) {
    const m = AWS_ATTEMPT.exec(aws);
    if (m) return Math.max(0, Number(m[1]) - 1);
  }
  const fromHook = ctx.getValue(RESEND_COUNT_KEY);
  return typeof fromHook === 'number' ? fromHook : undefined;
}
