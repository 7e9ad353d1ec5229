// OTLP/HTTP trace export over our own HTTP/1.1 client (./http1-client.ts: not
// node:http, whose client objects would share the app's request path in Node's
// code). Written here rather than taken
// from @opentelemetry/exporter-trace-otlp-*: those merge OTEL_EXPORTER_OTLP_HEADERS
// into every instance, which would send the app's backend credentials to the
// botanu destination and botanu's key to the app's backend. Each destination
// here gets exactly the headers configured for it.
import type * as Zlib from 'node:zlib';
import type { Destination } from '../config/config';
import type { BatchExporter, SendResult } from './batch-exporter';
import { exportAttempt } from './export-attempt';
import { postSyncAtExit } from './exit-sender';
import { Http1Client, requestHead } from './http1-client';
import { JsonBatchBuilder } from './otlp/json-batch';
import { ProtoBatchBuilder, type BatchBuilder, type SealedBatch } from './otlp/proto-batch';
import { AGENT_VERSION } from '../version';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
// Loaded on first use: zlib is only for gzip (and tls only for https, in the client).
/* eslint-disable @typescript-eslint/no-require-imports */
const zlib = (): typeof Zlib => require('node:zlib');
const USER_AGENT = `botanu-agent/${AGENT_VERSION}`;

function parseRetryAfter(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const secs = Number(s);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function contentTypeOf(protocol: Destination['protocol']): string {
  return protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
}

export class OtlpHttpExporter implements BatchExporter {
  private readonly url: URL;
  private readonly client: Http1Client;
  /** gzip once per batch (off the main thread), reused by its retries. */
  private readonly gzipped = new WeakMap<SealedBatch, Promise<Buffer>>();

  constructor(readonly destination: Destination) {
    this.url = new URL(destination.url);
    this.client = new Http1Client(this.url, destination.tls);
  }

  newBatch(): BatchBuilder {
    return this.destination.protocol === 'http/json' ? new JsonBatchBuilder() : new ProtoBatchBuilder();
  }

  /** One HTTP attempt. Never rejects. */
  async send(batch: SealedBatch, timeoutMs: number, written?: () => void): Promise<SendResult> {
    const raw = batch.body;
    let body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (this.destination.compression === 'gzip') {
      let gz = this.gzipped.get(batch);
      if (!gz) {
        gz = new Promise<Buffer>((resolve, reject) => zlib().gzip(body, (err, out) => (err ? reject(err) : resolve(out))));
        this.gzipped.set(batch, gz);
      }
      try {
        body = await gz;
      } catch (err) {
        return { ok: false, retryable: false, reason: `could not compress: ${(err as Error).message}` };
      }
    }
    return this.post(body, timeoutMs, written);
  }

  private post(body: Buffer, timeoutMs: number, written?: () => void): Promise<SendResult> {
    const d = this.destination;
    const headers: Record<string, string> = {
      ...d.headers,
      'content-type': contentTypeOf(d.protocol),
      'user-agent': USER_AGENT,
    };
    if (d.compression === 'gzip') headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);

    return exportAttempt(timeoutMs, (done) => {
      const head = requestHead(this.url, headers);
      return this.client.post(head, body, written, (err, answer) => {
        if (err !== undefined || answer === undefined) {
          const e = err as (NodeJS.ErrnoException & { cannotConnect?: boolean }) | undefined;
          done({ ok: false, retryable: e?.cannotConnect !== true, reason: e?.code ?? e?.message ?? 'no answer' });
          return;
        }
        const code = answer.status;
        if (code >= 200 && code < 300) done({ ok: true });
        else done({ ok: false, retryable: RETRYABLE_STATUS.has(code), retryAfterMs: parseRetryAfter(answer.retryAfter), reason: `HTTP ${code}` });
      });
    });
  }

  sendAtExit(batches: SealedBatch[], timeoutMs: number): boolean {
    const d = this.destination;
    return postSyncAtExit({ url: d.url, contentType: contentTypeOf(d.protocol), headers: d.headers, tls: d.tls, timeoutMs }, batches.map((b) => b.body));
  }

  shutdown(): void {
    this.client.destroy();
  }
}
