// An OTLP/gRPC trace receiver on node:http2 (h2c, or TLS with optional client
// certificates): unframes each TraceService/Export call, gunzips it when
// grpc-encoding says so, and decodes the spans with the product's decoder.
import * as http2 from 'node:http2';
import * as zlib from 'node:zlib';
import { EventEmitter } from 'node:events';
import { decodeTraceRequestProto, type DecodedSpan } from '../../agent/cli/receiver/otlp-decode';

export interface GrpcCall {
  path: string;
  headers: http2.IncomingHttpHeaders;
  compressedFlag: number;
  spans: DecodedSpan[];
}

export interface GrpcReceiverOptions {
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
  /** The status for the n-th call (0-based); default OK. Extra trailers (e.g. grpc-status-details-bin) allowed. */
  status?: (n: number) => { code: number; message?: string; trailers?: Record<string, string> };
}

export class GrpcReceiver extends EventEmitter {
  readonly spans: DecodedSpan[] = [];
  readonly calls: GrpcCall[] = [];
  private server?: http2.Http2Server | http2.Http2SecureServer;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  port = 0;

  constructor(private readonly opts: GrpcReceiverOptions = {}) {
    super();
  }

  get url(): string {
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  start(): Promise<this> {
    const t = this.opts.tls;
    this.server = t ? http2.createSecureServer({ key: t.key, cert: t.cert, ca: t.ca, requestCert: t.requestCert, rejectUnauthorized: !!t.requestCert }) : http2.createServer();
    this.server.on('session', (s) => {
      this.sessions.add(s);
      s.on('close', () => this.sessions.delete(s));
    });
    this.server.on('stream', (stream, headers) => this.handle(stream, headers));
    return new Promise((resolve) => this.server!.listen(0, '127.0.0.1', () => {
      this.port = (this.server!.address() as { port: number }).port;
      resolve(this);
    }));
  }

  private handle(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const n = this.calls.length;
      const all = Buffer.concat(chunks);
      const flag = all[0];
      let msg = all.subarray(5, 5 + all.readUInt32BE(1));
      if (flag === 1 && headers['grpc-encoding'] === 'gzip') msg = zlib.gunzipSync(msg);
      const spans = decodeTraceRequestProto(msg);
      this.calls.push({ path: String(headers[':path']), headers, compressedFlag: flag, spans });
      const st = this.opts.status?.(n) ?? { code: 0 };
      if (st.code === 0) {
        this.spans.push(...spans);
        this.emit('spans', spans);
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(st.code), 'grpc-message': encodeURIComponent(st.message ?? ''), ...st.trailers }));
      // ExportTraceServiceResponse {} : an empty message, framed.
      stream.end(st.code === 0 ? Buffer.from([0, 0, 0, 0, 0]) : undefined);
    });
  }

  waitFor(predicate: (spans: DecodedSpan[]) => boolean, timeoutMs = 10_000): Promise<DecodedSpan[]> {
    return new Promise((resolve, reject) => {
      if (predicate(this.spans)) return resolve(this.spans);
      const on = () => {
        if (!predicate(this.spans)) return;
        clearTimeout(timer);
        this.off('spans', on);
        resolve(this.spans);
      };
      const timer = setTimeout(() => {
        this.off('spans', on);
        reject(new Error(`timed out after ${timeoutMs} ms; ${this.calls.length} calls, ${this.spans.length} spans accepted`));
      }, timeoutMs);
      this.on('spans', on);
    });
  }

  stop(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
