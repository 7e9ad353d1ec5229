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
  /**
   * One attempt. Never rejects. Calls `written` once the whole request has been
   * handed to the network: from then on the collector may have it, so the exit
   * path must not send it again (a batch is delivered by one path, never both).
   */
  send(batch: SealedBatch, timeoutMs: number, written?: () => void): Promise<SendResult>;
  /** Delivers batches synchronously at process exit, within timeoutMs; true when every one was accepted. */
  sendAtExit(batches: SealedBatch[], timeoutMs: number): boolean;
  shutdown(): void;
}
