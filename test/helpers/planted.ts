// Where a planted secret could surface in what a collector received: every
// span's name, attributes, events, links, status and resource (decoded), and
// the request bodies as bytes (nothing decoded away, nothing missed by a decoder).
import type { DecodedSpan, OtlpReceiver } from './receiver';

const asJson = (spans: DecodedSpan[]) => JSON.stringify(spans, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** The planted values found anywhere in the receiver's spans or raw bodies, with where. */
export function leaks(receiver: OtlpReceiver, planted: readonly string[]): string[] {
  const decoded = asJson(receiver.spans);
  const bytes = Buffer.concat(receiver.rawBodies).toString('latin1');
  const found: string[] = [];
  for (const p of planted) {
    if (decoded.includes(p)) found.push(`${p} in a decoded span`);
    if (bytes.includes(p)) found.push(`${p} in the raw export bytes`);
  }
  return found;
}
