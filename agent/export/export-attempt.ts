// One export attempt, the part every network exporter shares: the request is
// issued with tracing suppressed (our own requests must never produce spans nor
// carry baggage), the attempt settles exactly once (answer, error, or timeout,
// which cancels the request), and a request that cannot even be issued is a
// non-retryable failure. Never rejects.
import { withTracingSuppressed } from '../coexist/suppress-tracing';
import type { SendResult } from './batch-exporter';

/** `issue` sends the request, reports its outcome through `done`, and returns how to cancel it. */
export function exportAttempt(timeoutMs: number, issue: (done: (r: SendResult) => void) => () => void, settled?: () => void): Promise<SendResult> {
  return new Promise<SendResult>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    const done = (r: SendResult) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      settled?.();
      resolve(r);
    };
    withTracingSuppressed(() => {
      try {
        const cancel = issue(done);
        if (over) return;
        timer = setTimeout(() => {
          cancel();
          done({ ok: false, retryable: true, reason: `no answer within ${timeoutMs} ms` });
        }, timeoutMs);
        timer.unref();
      } catch (err) {
        done({ ok: false, retryable: false, reason: (err as Error).message });
      }
    });
  });
}
