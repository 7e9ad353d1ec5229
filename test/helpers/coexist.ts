// Shared pieces of the coexistence tests: a downstream service that records the
// trace headers it receives, a request driver, and an independent recomputation
// of OpenTelemetry JS 3.x's TraceIdRatioBased decision.
import * as http from 'node:http';

export interface Downstream {
  url: string;
  /** Every request's raw header values, by lower-case name (repeated headers kept apart). */
  received: Record<string, string[]>[];
  stop(): Promise<void>;
}

export async function startDownstream(): Promise<Downstream> {
  const received: Record<string, string[]>[] = [];
  const server = http.createServer((req, res) => {
    const h: Record<string, string[]> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) (h[req.rawHeaders[i].toLowerCase()] ??= []).push(req.rawHeaders[i + 1]);
    received.push(h);
    res.end('ok');
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/leaf`,
    received,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** `n` GETs of `url`, `concurrency` at a time; returns the status codes. */
export async function drive(url: string, n: number, concurrency = 8, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await fetch(url, { headers });
      await r.text();
      statuses.push(r.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/**
 * TraceIdRatioBased as OpenTelemetry JS 3.x decides it, written independently of
 * the agent: XOR of the trace id's four 32-bit words, below floor(ratio * (2^32 - 1)).
 */
export function ratioSelects(traceId: string, ratio: number): boolean {
  const bound = ratio >= 1 ? 2 ** 32 : Math.floor(ratio * 4294967295);
  const words = traceId.match(/.{8}/g)!.map((w) => BigInt('0x' + w));
  const acc = Number(words.reduce((a, b) => a ^ b, 0n));
  return acc < bound;
}

export function parseTraceparent(v: string): { traceId: string; spanId: string; sampled: boolean } {
  const [, traceId, spanId, flags] = v.split('-');
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export const NO_OTEL_NOISE = { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
