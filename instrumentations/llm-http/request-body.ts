// What an LLM request body says about the call: the model, whether the answer
// is streamed, and whether an OpenAI-style stream was asked to report usage.
// Read only for requests whose path already looked like an LLM API, and only
// from bodies held in memory (a string or bytes): a streamed body is never read.

export interface LlmRequestBody {
  model?: string;
  stream?: boolean;
  /** stream_options.include_usage as sent. */
  includeUsage?: boolean;
}

// Past this size the body is not parsed; its top-level "model" is still found by a scan.
const PARSE_LIMIT = 1 << 20;
const MODEL_FIELD = /"model"\s*:\s*"((?:[^"\\]|\\.){1,200})"/;

function text(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  try {
    if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  } catch {
    /* not readable */
  }
  return undefined;
}

/** The body's fields, `null` when it is in memory but not a JSON object (not an LLM call), undefined when unreadable. */
export function readLlmRequestBody(body: unknown): LlmRequestBody | null | undefined {
  const t = text(body);
  if (t === undefined) return undefined;
  const start = t.charCodeAt(t.search(/\S/));
  if (start !== 0x7b /* { */) return null;
  if (t.length > PARSE_LIMIT) {
    const m = MODEL_FIELD.exec(t);
    return { model: m ? m[1] : undefined, stream: /"stream"\s*:\s*true/.test(t) || undefined };
  }
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(t);
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const opts = o.stream_options as { include_usage?: unknown } | undefined;
  return {
    model: typeof o.model === 'string' && o.model ? o.model.slice(0, 256) : undefined,
    stream: typeof o.stream === 'boolean' ? o.stream : undefined,
    includeUsage: typeof opts?.include_usage === 'boolean' ? opts.include_usage : undefined,
  };
}
