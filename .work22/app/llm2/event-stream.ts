// The AWS event-stream binary framing (application/vnd.amazon.eventstream),
// as @smithy/eventstream-codec decodes it: a 12-byte prelude (total length,
// headers length, CRC32 of those 8 bytes), the headers, the payload, and a
// CRC32 of everything before it. Header values here are all strings (type 7).
import { crc32 } from 'node:zlib';

const STRING_TYPE = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
    let o = h.writeUInt8(n.length, 0);
    o += n.copy(h, o);
    o = h.writeUInt8(STRING_TYPE, o);
    o = h.writeUInt16BE(v.length, o);
    v.copy(h, o);
    parts.push(h);
  }
  return Buffer.concat(parts);
}

export function encodeMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const h = encodeHeaders(headers);
  const total = 12 + h.length + payload.length + 4;
  const msg = Buffer.alloc(total);
  msg.writeUInt32BE(total, 0);
  msg.writeUInt32BE(h.length, 4);
  msg.writeUInt32BE(crc32(msg.subarray(0, 8)), 8);
  h.copy(msg, 12);
  payload.copy(msg, 12 + h.length);
  msg.writeUInt32BE(crc32(msg.subarray(0, total - 4)), total - 4);
  return msg;
}

/** An event of a stream's union, e.g. `contentBlockDelta` with its JSON member. */
export function eventMessage(eventType: string, body: unknown): Buffer {
  return encodeMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from(JSON.stringify(body)));
}

/** A modeled exception inside the stream, e.g. `modelStreamErrorException`. */
export function exceptionMessage(exceptionType: string, body: unknown): Buffer {
  return encodeMessage({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, Buffer.from(JSON.stringify(body)));
}
