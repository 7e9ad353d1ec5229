// OTLP/gRPC trace export: one unary TraceService/Export call per batch over
// node:http2, carrying the same ExportTraceServiceRequest bytes the HTTP
// exporter posts. Written on node:http2 rather than @grpc/grpc-js so nothing
// heavy loads at startup (http2 itself loads on the first export) and each
// destination gets exactly its own headers (as metadata), TLS files and gzip.
import type * as Http2 from 'node:http2';
import type * as Zlib from 'node:zlib';
import type { Destination } from '../config/config';
import type { BatchExporter, SendResult } from './batch-exporter';
import { exportAttempt } from './export-attempt';
import { sendSyncAtExit } from './exit-sender';
import { resultOfStatus, statusFromHttp } from './otlp/grpc-status';
import { ProtoBatchBuilder, type BatchBuilder, type SealedBatch } from './otlp/proto-batch';
import { AGENT_VERSION } from '../version';

/* eslint-disable @typescript-eslint/no-require-imports */
const http2 = (): typeof Http2 => require('node:http2');
const zlib = (): typeof Zlib => require('node:zlib');
const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const USER_AGENT = `botanu-agent/${AGENT_VERSION} grpc-node-http2`;

/** A gRPC length-prefixed message: compressed flag, 4-byte big-endian length, bytes. */
function grpcFrame(message: Uint8Array, compressed: boolean): Buffer {
  const out = Buffer.allocUnsafe(5 + message.byteLength);
  out[0] = compressed ? 1 : 0;
  out.writeUInt32BE(message.byteLength, 1);
  out.set(message, 5);
  return out;
}

// The exit-time sender (see exit-sender.ts): the same call over one connection, bodies already framed.
const GRPC_SEND = `
let session;
function send(t, body) {
  if (!session) { session = require('node:http2').connect(new URL(t.url).origin, t.tls || {}); session.on('error', () => {}); }
  return new Promise((done) => {
    let status;
    const req = session.request({ ...t.headers, ':method': 'POST', ':path': ${JSON.stringify(EXPORT_PATH)}, 'content-type': t.contentType, te: 'trailers' });
    const take = (h) => { if (h['grpc-status'] !== undefined) status = String(h['grpc-status']); };
    req.on('response', take); req.on('trailers', take); req.on('data', () => {});
    req.on('error', () => done(false)); req.on('close', () => done(status === '0'));
    req.end(body);
  });
}`;

export class OtlpGrpcExporter implements BatchExporter {
  private readonly origin: string;
  private readonly metadata: Record<string, string> = {};
  private session: Http2.ClientHttp2Session | undefined;
  /** Calls under way: the connection keeps the process alive only while there are some. */
  private active = 0;
  /** The framed (and gzipped) message once per batch, reused by its retries. */
  private readonly framed = new WeakMap<SealedBatch, Promise<Buffer>>();

  constructor(readonly destination: Destination) {
    this.origin = new URL(destination.url).origin;
    // gRPC metadata keys are lowercase; pseudo-headers and transport headers are ours.
    for (const [k, v] of Object.entries(destination.headers)) {
      const key = k.toLowerCase();
      if (!key.startsWith(':') && !['content-type', 'te', 'connection', 'host', 'transfer-encoding', 'grpc-encoding', 'grpc-timeout'].includes(key)) this.metadata[key] = v;
    }
  }

  newBatch(): BatchBuilder {
    return new ProtoBatchBuilder();
  }

  async send(batch: SealedBatch, timeoutMs: number, written?: () => void): Promise<SendResult> {
    const gzip = this.destination.compression === 'gzip';
    let framed = this.framed.get(batch);
    if (!framed) {
      framed = gzip
        ? new Promise<Buffer>((resolve, reject) => zlib().gzip(batch.body, (err, out) => (err ? reject(err) : resolve(grpcFrame(out, true)))))
        : Promise.resolve(grpcFrame(batch.body, false));
      this.framed.set(batch, framed);
    }
    let body: Buffer;
    try {
      body = await framed;
    } catch (err) {
      return { ok: false, retryable: false, reason: `could not compress: ${(err as Error).message}` };
    }
    return this.call(body, gzip, timeoutMs, written);
  }

  private connect(): Http2.ClientHttp2Session {
    const live = this.session;
    if (live && !live.closed && !live.destroyed) return live;
    const s = http2().connect(this.origin, { ...this.destination.tls });
    s.on('error', () => {}); // each call reports its own failure
    s.on('goaway', () => s.close());
    s.on('close', () => {
      if (this.session === s) this.session = undefined;
    });
    this.session = s;
    return s;
  }

  private call(body: Buffer, gzip: boolean, timeoutMs: number, written?: () => void): Promise<SendResult> {
    let session: Http2.ClientHttp2Session | undefined;
    this.active++;
    const idle = () => {
      // Idle, the connection must not keep the app alive.
      if (--this.active === 0 && session && !session.destroyed) session.unref();
    };
    return exportAttempt(
      timeoutMs,
      (done) => {
        session = this.connect();
        session.ref();
        const headers: Http2.OutgoingHttpHeaders = {
          ...this.metadata,
          ':method': 'POST',
          ':path': EXPORT_PATH,
          'content-type': 'application/grpc',
          te: 'trailers',
          'user-agent': USER_AGENT,
          'grpc-timeout': `${Math.max(1, Math.floor(timeoutMs))}m`,
          'grpc-accept-encoding': 'identity,gzip',
        };
        if (gzip) headers['grpc-encoding'] = 'gzip';
        const req = session.request(headers);
        let httpStatus = 0;
        let grpcStatus: number | undefined;
        let message = '';
        let details: string | undefined;
        const take = (h: Http2.IncomingHttpHeaders) => {
          if (h['grpc-status'] === undefined) return;
          grpcStatus = Number(h['grpc-status']);
          try {
            message = decodeURIComponent(String(h['grpc-message'] ?? ''));
          } catch {
            message = String(h['grpc-message']);
          }
          const d = h['grpc-status-details-bin'];
          details = Array.isArray(d) ? d[0] : d;
        };
        req.on('response', (h) => {
          httpStatus = Number(h[':status']);
          take(h);
        });
        req.on('trailers', take);
        req.on('data', () => {});
        req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, retryable: true, reason: err.code ?? err.message }));
        req.on('close', () => {
          if (grpcStatus !== undefined) done(resultOfStatus(grpcStatus, message, details));
          else if (httpStatus !== 0 && httpStatus !== 200) done(resultOfStatus(statusFromHttp(httpStatus), `HTTP ${httpStatus}`));
          else done({ ok: false, retryable: true, reason: 'stream closed without a gRPC status' });
        });
        req.end(body, written);
        return () => req.close(http2().constants.NGHTTP2_CANCEL);
      },
      idle,
    );
  }

  sendAtExit(batches: SealedBatch[], timeoutMs: number): boolean {
    const target = { url: this.destination.url, contentType: 'application/grpc', headers: { ...this.metadata, 'user-agent': USER_AGENT }, tls: this.destination.tls, timeoutMs };
    return sendSyncAtExit(GRPC_SEND, target, batches.map((b) => grpcFrame(b.body, false)));
  }

  shutdown(): void {
    this.session?.destroy();
    this.session = undefined;
  }
}
