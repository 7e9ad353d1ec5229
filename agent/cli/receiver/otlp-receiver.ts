// A local OTLP/HTTP trace receiver: what the tests assert against and what
// `botanu-agent dev` prints from. Accepts http/protobuf and http/json, gzip or not.
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import { decodeTraceRequestJson, decodeTraceRequestProto, type DecodedSpan } from './otlp-decode';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  contentType: string;
  spans: DecodedSpan[];
}

export interface ReceiverOptions {
  port?: number;
  host?: string;
  /** Lets a test answer with a failure (e.g. 503) instead of 200. */
  respond?: (req: http.IncomingMessage) => { status: number; headers?: Record<string, string> } | undefined;
  /** Keep each request's body (decompressed) in `rawBodies`, for byte-level assertions (off: `dev` runs for hours). */
  keepRawBodies?: boolean;
  /** Lets a test play a slow collector: spans are recorded at once, the answer comes this much later. */
  answerDelayMs?: number;
}

export class OtlpReceiver extends EventEmitter {
  readonly spans: DecodedSpan[] = [];
  readonly requests: ReceivedRequest[] = [];
  readonly rawBodies: Buffer[] = [];
  private server?: http.Server;
  port = 0;
  /** TCP connections accepted: how well a client keeps them alive. */
  connections = 0;

  constructor(private readonly opts: ReceiverOptions = {}) {
    super();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    this.server.on('connection', () => this.connections++);
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => {
        this.port = (this.server!.address() as { port: number }).port;
        resolve(this);
      });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forced = this.opts.respond?.(req);
      if (forced) {
        res.writeHead(forced.status, forced.headers ?? {});
        res.end();
        return;
      }
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/traces')) {
        res.writeHead(404);
        res.end();
        return;
      }
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
        const contentType = String(req.headers['content-type'] ?? '');
        if (this.opts.keepRawBodies) this.rawBodies.push(body);
        const spans = contentType.includes('json') ? decodeTraceRequestJson(body.toString('utf8')) : decodeTraceRequestProto(body);
        this.requests.push({ headers: req.headers, contentType, spans });
        this.spans.push(...spans);
        const answer = () => {
          res.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' });
          res.end(contentType.includes('json') ? '{}' : undefined);
        };
        if (this.opts.answerDelayMs) setTimeout(answer, this.opts.answerDelayMs);
        else answer();
        this.emit('spans', spans);
      } catch (err) {
        res.writeHead(400);
        res.end();
        this.emit('error-decoding', err);
      }
    });
  }

  /** Resolves once `predicate` holds over everything received, or rejects after `timeoutMs`. */
  waitFor(predicate: (spans: DecodedSpan[]) => boolean, timeoutMs = 10_000): Promise<DecodedSpan[]> {
    return new Promise((resolve, reject) => {
      if (predicate(this.spans)) return resolve(this.spans);
      const onSpans = () => {
        if (predicate(this.spans)) {
          cleanup();
          resolve(this.spans);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms; received ${this.spans.length} spans: ${this.spans.map((s) => s.name).join(', ')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('spans', onSpans);
      };
      this.on('spans', onSpans);
    });
  }

  clear(): void {
    this.spans.length = 0;
    this.requests.length = 0;
    this.rawBodies.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }
}
