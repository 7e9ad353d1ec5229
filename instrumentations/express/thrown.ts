// Recording what a layer threw or passed to next() on its span, as
// @opentelemetry/instrumentation-express did (an Error as the exception with its
// message as the status; anything else as its text), without ever throwing into
// express: the value goes on unchanged whatever it is (null, a Symbol, an object
// without a prototype that String() cannot convert, an Error whose message getter throws).
import { SpanStatusCode, type Span } from '@opentelemetry/api';

function asExceptionAndMessage(thrown: unknown): [exception: Error | string, message: string] {
  try {
    if (thrown instanceof Error) return [thrown, String(thrown.message)];
    const text = String(thrown);
    return [text, text];
  } catch {
    const text = Object.prototype.toString.call(thrown);
    return [text, text];
  }
}

export function recordThrown(span: Span, thrown: unknown): void {
  try {
    const [exception, message] = asExceptionAndMessage(thrown);
    try {
      span.recordException(exception);
    } catch {
      /* its name, message or stack could not be read */
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } catch {
    /* never into express */
  }
}
