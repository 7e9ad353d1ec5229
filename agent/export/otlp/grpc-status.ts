// What a gRPC answer means for an OTLP export: the status from the trailers (or
// from the HTTP status when a proxy answered instead of the collector), and
// whether to retry, as the OTLP specification lists it: CANCELLED,
// DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS always;
// RESOURCE_EXHAUSTED only when the server says when (RetryInfo), honouring that delay.
import type { SendResult } from '../batch-exporter';

const NAMES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];
const RETRYABLE = new Set([1, 4, 10, 11, 14, 15]);
const RESOURCE_EXHAUSTED = 8;
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** The gRPC status a plain HTTP answer stands for (gRPC's HTTP-to-status mapping). */
export function statusFromHttp(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return 13; // INTERNAL
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 12; // UNIMPLEMENTED
    case 429:
    case 502:
    case 503:
    case 504:
      return 14; // UNAVAILABLE
    default:
      return 2; // UNKNOWN
  }
}

/** Reads protobuf fields (varint and length-delimited only: all google.rpc.Status needs). */
function* fields(buf: Buffer): Generator<[number, number, Buffer | number]> {
  let p = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[p++];
      if (b === undefined) throw new Error('truncated');
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  while (p < buf.length) {
    const tag = varint();
    const wire = tag & 7;
    if (wire === 0) yield [tag >>> 3, wire, varint()];
    else if (wire === 2) {
      const n = varint();
      yield [tag >>> 3, wire, buf.subarray(p, p + n)];
      p += n;
    } else return;
  }
}

/** The RetryInfo delay in grpc-status-details-bin (a google.rpc.Status), if the server sent one. */
export function retryDelayMs(detailsBin: string | undefined): number | undefined {
  if (!detailsBin) return undefined;
  try {
    for (const [no, , any] of fields(Buffer.from(detailsBin, 'base64'))) {
      if (no !== 3 || !Buffer.isBuffer(any)) continue; // Status.details: repeated Any
      let type = '';
      let value: Buffer | undefined;
      for (const [f, , v] of fields(any)) {
        if (f === 1 && Buffer.isBuffer(v)) type = v.toString();
        if (f === 2 && Buffer.isBuffer(v)) value = v;
      }
      if (type !== RETRY_INFO_TYPE || !value) continue;
      for (const [f, , duration] of fields(value)) {
        if (f !== 1 || !Buffer.isBuffer(duration)) continue; // RetryInfo.retry_delay: Duration
        let ms = 0;
        for (const [g, , n] of fields(duration)) if (typeof n === 'number') ms += g === 1 ? n * 1000 : g === 2 ? n / 1e6 : 0;
        return ms;
      }
      return 0;
    }
  } catch {
    /* malformed details: no delay */
  }
  return undefined;
}

export function resultOfStatus(code: number, message: string, detailsBin?: string): SendResult {
  if (code === 0) return { ok: true };
  const reason = `gRPC ${NAMES[code] ?? code}${message ? `: ${message.slice(0, 200)}` : ''}`;
  const delay = retryDelayMs(detailsBin);
  if (RETRYABLE.has(code)) return { ok: false, retryable: true, retryAfterMs: delay, reason };
  if (code === RESOURCE_EXHAUSTED && delay !== undefined) return { ok: false, retryable: true, retryAfterMs: delay, reason };
  return { ok: false, retryable: false, reason };
}
