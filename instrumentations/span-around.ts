// One way for botanu's own wrappers to run a library call inside a span: the
// span is active for the call, ends when it returns, throws, or (for a promise)
// settles, and the call's return value and thrown value reach the app unchanged.
import { context, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

/** Ends the span, recording `err` (when given) as its exception and error status. */
export function endSpan(span: Span, err?: unknown): void {
  if (err !== undefined) {
    const e = err instanceof Error ? err : new Error(String(err));
    span.recordException(e);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  }
  span.end();
}

export function runInSpan<R>(span: Span, call: () => R): R {
  let result: R;
  try {
    result = context.with(trace.setSpan(context.active(), span), call);
  } catch (err) {
    endSpan(span, err);
    throw err;
  }
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    // A handler on the side: the app's own await still sees the rejection.
    (result as unknown as PromiseLike<unknown>).then(
      () => endSpan(span),
      (err: unknown) => endSpan(span, err),
    );
  } else endSpan(span);
  return result;
}
