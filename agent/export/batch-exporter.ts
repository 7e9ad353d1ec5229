// The contract between the export processor and an exporter: a batch format, an
// asynchronous send for the running process, and a synchronous one for the
// moment the process exits (no event loop left). Each exporter owns both paths,
// so a new transport brings its own exit-time delivery.
import type { Destination } from '../config/config';
import type { BatchBuilder, SealedBatch } from './otlp/proto-batch';

export type SendResult = { ok: true } | { ok: false; retryable: boolean; retryAfterMs?: number; reason: string };

export interface BatchExporter {
  readonly destination: Destination;
  newBatch(): BatchBuilder;
  /** One attempt. Never rejects. */
  send(batch: SealedBatch, timeoutMs: number): Promise<SendResult>;
  /** Delivers batches synchronously at process exit, within timeoutMs; true when every one was accepted. */
  sendAtExit(batches: SealedBatch[], timeoutMs: number): boolean;
  shutdown(): void;
}
