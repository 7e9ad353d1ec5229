// One GenAI span per logical SDK call: started before the SDK sends anything,
// ended exactly once with the usage the provider reported (or marked missing),
// and the number of HTTP attempts the call took. Every method is guarded: a bug
// here must never reach the app's call.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { withAttemptCounter, type AttemptCounter } from '../retry/attempt-counter';
import { markRecorded } from './recorded-call';
import * as A from './semconv';
import type { StreamEnd } from './stream-span';
import { capturedContent } from './content-capture';

export interface GenAiRequest {
  operation: string;
  provider: string;
  model?: string;
  streaming?: boolean;
  serverAddress?: string;
  serverPort?: number;
  attributes?: Attributes;
}

/** Token counts as the provider reported them; see semconv.ts for what each includes. */
export interface GenAiUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export interface GenAiResponse {
  id?: string;
  model?: string;
  finishReasons?: string[];
}

function count(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.trunc(n) : undefined;
}

/** A low-cardinality name for an error: the provider's error type, else the HTTP status, else the class. */
export function errorType(err: unknown): string {
  const e = err as { type?: unknown; code?: unknown; status?: unknown; error?: { type?: unknown; error?: { type?: unknown } }; name?: unknown } | undefined;
  if (!e || typeof e !== 'object') return '_OTHER';
  const candidates = [e.error?.error?.type, e.error?.type, e.type, e.code];
  for (const c of candidates) if (typeof c === 'string' && c && c !== 'error' && c.length <= 64) return c;
  if (typeof e.status === 'number') return String(e.status);
  const name = (err as object).constructor?.name;
  return typeof name === 'string' && name && name !== 'Object' ? name : typeof e.name === 'string' ? e.name : '_OTHER';
}

export class GenAiCall {
  readonly span: Span;
  /** Run the SDK call in this context: the span is its parent, the attempt counter counts its HTTP attempts. */
  readonly context: Context;
  private readonly counter: AttemptCounter;
  private sawUsage = false;
  private usageIncomplete = false;
  private ended = false;

  constructor(tracer: Tracer, req: GenAiRequest, parent: Context = context.active()) {
    const attributes: Attributes = {
      [A.ATTR_GEN_AI_OPERATION_NAME]: req.operation,
      [A.ATTR_GEN_AI_PROVIDER_NAME]: req.provider,
      ...req.attributes,
    };
    if (req.model) attributes[A.ATTR_GEN_AI_REQUEST_MODEL] = req.model;
    if (req.streaming !== undefined) {
      attributes[A.ATTR_BOTANU_REQUEST_STREAMING] = req.streaming;
      attributes[A.ATTR_GEN_AI_REQUEST_STREAM] = req.streaming;
    }
    if (req.serverAddress) attributes[A.ATTR_SERVER_ADDRESS] = req.serverAddress;
    if (req.serverPort) attributes[A.ATTR_SERVER_PORT] = req.serverPort;
    this.span = tracer.startSpan(req.model ? `${req.operation} ${req.model}` : req.operation, { kind: SpanKind.CLIENT, attributes }, parent);
    // Marked: the HTTP-level recogniser (llm-http) leaves a request made under it alone.
    const [ctx, counter] = withAttemptCounter(markRecorded(trace.setSpan(parent, this.span)));
    this.context = ctx;
    this.counter = counter;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Response metadata; may be called several times as a stream reveals it. */
  response(r: GenAiResponse | undefined): void {
    if (this.ended || !r) return;
    try {
      if (typeof r.id === 'string' && r.id) this.span.setAttribute(A.ATTR_GEN_AI_RESPONSE_ID, r.id);
      if (typeof r.model === 'string' && r.model) this.span.setAttribute(A.ATTR_GEN_AI_RESPONSE_MODEL, r.model);
      const reasons = r.finishReasons?.filter((x) => typeof x === 'string' && x);
      if (reasons?.length) this.span.setAttribute(A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
    } catch {
      /* never reach the app */
    }
  }

  /** The provider's usage. Later calls overwrite earlier ones (a stream's final event wins). */
  usage(u: GenAiUsage | undefined): void {
    if (this.ended || !u) return;
    try {
      const set = (keys: string[], n: unknown) => {
        const v = count(n);
        if (v !== undefined) for (const k of keys) this.span.setAttribute(k, v);
        return v !== undefined;
      };
      const a = set([A.ATTR_GEN_AI_USAGE_INPUT_TOKENS], u.inputTokens);
      const b = set([A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS], u.outputTokens);
      set([A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, A.ATTR_BOTANU_USAGE_CACHE_READ_TOKENS], u.cacheReadTokens);
      set([A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, A.ATTR_BOTANU_USAGE_CACHE_WRITE_TOKENS], u.cacheWriteTokens);
      set([A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, A.ATTR_BOTANU_USAGE_REASONING_TOKENS], u.reasoningTokens);
      this.sawUsage ||= a || b;
    } catch {
      /* never reach the app */
    }
  }

  /** The provider's usage was cut short (e.g. a stream cancelled before its final usage event). */
  markUsageIncomplete(): void {
    this.usageIncomplete = true;
  }

  setAttributes(attrs: Attributes): void {
    if (this.ended) return;
    try {
      this.span.setAttributes(attrs);
    } catch {
      /* never reach the app */
    }
  }

  /** The prompt (messages, contents...), recorded only when content capture is on: scrubbed, truncated, JSON. */
  recordInput(value: unknown): void {
    this.recordContent(A.ATTR_GEN_AI_INPUT_MESSAGES, value);
  }

  /** The completion, recorded only when content capture is on. */
  recordOutput(value: unknown): void {
    this.recordContent(A.ATTR_GEN_AI_OUTPUT_MESSAGES, value);
  }

  private recordContent(attr: string, value: unknown): void {
    const text = this.ended ? undefined : capturedContent(value);
    if (text) this.setAttributes({ [attr]: text });
  }

  /** The call finished normally. */
  end(): void {
    this.finish(() => undefined);
  }

  /** The app stopped reading a stream before its end. */
  cancel(): void {
    this.finish(() => this.span.setAttribute(A.ATTR_BOTANU_STREAM_CANCELLED, true));
  }

  /** Ends the call the way its stream ended: done, cancelled or failed. */
  endWith(end: StreamEnd): void {
    if (end.kind === 'error') this.fail(end.error);
    else if (end.kind === 'cancelled') this.cancel();
    else this.end();
  }

  fail(err: unknown): void {
    this.finish(() => {
      this.span.setAttribute(A.ATTR_ERROR_TYPE, errorType(err));
      if (err instanceof Error) this.span.recordException(err);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message.slice(0, 256) : undefined });
    });
  }

  private finish(last: () => void): void {
    if (this.ended) return;
    this.ended = true;
    try {
      last();
      if (!this.sawUsage || this.usageIncomplete) this.span.setAttribute(A.ATTR_BOTANU_USAGE_MISSING, true);
      if (this.counter.attempts > 0) this.span.setAttribute(A.ATTR_BOTANU_REQUEST_ATTEMPTS, this.counter.attempts);
    } catch {
      /* still end the span */
    }
    try {
      this.span.end();
    } catch {
      /* never reach the app */
    }
  }
}

export function startGenAiCall(tracer: Tracer, req: GenAiRequest, parent?: Context): GenAiCall {
  return new GenAiCall(tracer, req, parent);
}
