// Turns the bytes of an LLM response, as the app reads them, into the JSON
// values the provider sent: each server-sent event's data, each NDJSON line
// (Ollama), or the whole JSON body. Only text still waiting for its line end is
// kept; a whole JSON body is kept until it ends (usage comes last), up to a cap.

export type BodyMode = 'sse' | 'ndjson' | 'json';

export function bodyModeOf(contentType: string | null | undefined): BodyMode {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('text/event-stream')) return 'sse';
  if (ct.includes('ndjson') || ct.includes('jsonl')) return 'ndjson';
  return 'json';
}

// A JSON body larger than this is not kept (its usage is then reported missing).
const JSON_LIMIT = 16 << 20;
// One event or line larger than this is skipped.
const LINE_LIMIT = 4 << 20;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class BodyEvents {
  private readonly decoder = new TextDecoder();
  private pending = '';
  private data: string[] = [];
  private json: string[] = [];
  private jsonLength = 0;
  private overflow = false;

  constructor(
    private readonly mode: BodyMode,
    private readonly onValue: (value: unknown) => void,
  ) {}

  push(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    if (this.mode === 'json') return this.keep(text);
    this.lines(text);
  }

  /** The body ended: flush what is left. */
  end(): void {
    const text = this.decoder.decode();
    if (this.mode === 'json') {
      this.keep(text);
      if (!this.overflow && this.jsonLength) this.emit(this.json.join(''));
      this.json = [];
      return;
    }
    this.lines(text + '\n\n');
  }

  private keep(text: string): void {
    if (this.overflow || !text) return;
    this.jsonLength += text.length;
    if (this.jsonLength > JSON_LIMIT) {
      this.overflow = true;
      this.json = [];
      return;
    }
    this.json.push(text);
  }

  private lines(text: string): void {
    const buf = this.pending + text;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf('\n', start)) >= 0) {
      const line = buf.charCodeAt(nl - 1) === 0x0d && nl > start ? buf.slice(start, nl - 1) : buf.slice(start, nl);
      start = nl + 1;
      if (this.mode === 'ndjson') {
        if (line.trim()) this.emit(line);
      } else this.sseLine(line);
    }
    const rest = buf.length - start;
    this.pending = rest > LINE_LIMIT || rest === 0 ? '' : buf.slice(start);
  }

  private sseLine(line: string): void {
    if (line === '') {
      if (this.data.length) {
        const d = this.data.join('\n');
        this.data = [];
        if (d !== '[DONE]') this.emit(d);
      }
      return;
    }
    if (line.startsWith('data:')) this.data.push(line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5));
  }

  private emit(text: string): void {
    const v = parse(text);
    if (v !== undefined) this.onValue(v);
  }
}
