// Applies the one URL-credential rule (config/url-secrets.ts) to every span as
// it ends, before anything encodes or exports it: the agent's exporters and,
// when the agent joins the app's own SDK, the app's processors too (this runs
// first in both pipelines). Whatever instrumentation made the span — ours, an
// adopted OpenTelemetry one, the app's own — no credential in a URL leaves.
//
// It works in onEnding (the span is still open, SDK 2.x/3.x) and, for an SDK
// whose provider does not call onEnding, in onEnd: it is placed before every
// exporting processor, so they read the redacted values either way.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanTextFields, UrlSecretRule } from '../config/url-secrets';

export class SpanRedactor implements SpanProcessor {
  /** The span onEnding just handled: its onEnd follows synchronously, with nothing left to do. */
  private handled: unknown;

  constructor(private readonly rule: UrlSecretRule) {}

  onStart(_span: Span, _ctx: Context): void {}

  onEnding(span: Span): void {
    this.redactSpan(span);
    this.handled = span;
  }

  onEnd(span: ReadableSpan): void {
    if (span !== this.handled) this.redactSpan(span);
    this.handled = undefined;
  }

  private redactSpan(span: ReadableSpan | Span): void {
    // Called from the app's span.end(): never throws (the rule itself does not).
    try {
      if (typeof span.name === 'string') this.rule.redactSpan(span as unknown as SpanTextFields);
    } catch {
      /* a broken span object: nothing to redact */
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
