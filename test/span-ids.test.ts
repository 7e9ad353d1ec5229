// The agent's trace and span ids (agent/start/span-ids.ts): lowercase hex of
// the right length, valid for the API, never all zeros, and exactly the bytes
// drawn from the CSPRNG (compared with Buffer#toString('hex') of the same pool);
// the bytes each id hands the OTLP encoder (so it need not decode the hex) are its own.
import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { PooledIdGenerator, traceIdChunks } from '../agent/start/span-ids';
import { ProtoWriter } from '../agent/export/otlp/proto-writer';

// The second test fills the pool itself (known bytes); the first uses the real CSPRNG.
const mockFill: { fake: boolean; fills: Buffer[] } = { fake: false, fills: [] };
jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return {
    ...actual,
    randomFillSync: (buf: Buffer) => {
      if (!mockFill.fake) return actual.randomFillSync(buf);
      // Every byte value in each nibble position, then (first fill) an all-zero stretch for one span id.
      for (let i = 0; i < buf.length; i++) buf[i] = (i * 37 + mockFill.fills.length * 11) & 0xff;
      if (mockFill.fills.length === 0) buf.fill(0, 24, 32);
      mockFill.fills.push(Buffer.from(buf));
      return buf;
    },
  };
});

test('ids are lowercase hex of 32 and 16 chars, valid, and unique', () => {
  const g = new PooledIdGenerator();
  const traces = new Set<string>();
  const spans = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const t = g.generateTraceId();
    const s = g.generateSpanId();
    expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(s).toMatch(/^[0-9a-f]{16}$/);
    expect(isValidTraceId(t) && isValidSpanId(s)).toBe(true);
    traces.add(t);
    spans.add(s);
  }
  expect(traces.size).toBe(5000);
  expect(spans.size).toBe(5000);
});

test('each id is the hex of the next bytes the CSPRNG filled in, across refills; an all-zero id ends in 01', () => {
  mockFill.fake = true;
  const fills = mockFill.fills;
  try {
    const g = new PooledIdGenerator();
    const expected: string[] = [];
    const got: string[] = [];
    let pos = 0;
    let pool = -1;
    for (let i = 0; i < 700; i++) {
      const bytes = i % 3 === 0 ? 16 : 8;
      got.push(bytes === 16 ? g.generateTraceId() : g.generateSpanId());
      if (pool < 0 || pos + bytes > 4096) {
        pool++;
        pos = 0;
      }
      expected.push(fills[pool].toString('hex', pos, pos + bytes));
      pos += bytes;
    }
    expect(fills.length).toBeGreaterThan(1);
    // The all-zero span id (bytes 24..31 of the first fill) gets 1 as its last byte.
    expected[2] = '0000000000000001';
    expect(got).toEqual(expected);
  } finally {
    mockFill.fake = false;
  }
});

test('the bytes handed to the encoder with each id are the bytes of its hex, the all-zero one fixed as the hex is', () => {
  mockFill.fake = true;
  mockFill.fills.length = 0; // the first fill has the all-zero stretch again
  try {
    const g = new PooledIdGenerator();
    let zeroSeen = false;
    for (let i = 0; i < 1400; i++) {
      const bytes = i % 3 === 0 ? 16 : 8;
      const id = bytes === 16 ? g.generateTraceId() : g.generateSpanId();
      const w = new ProtoWriter(64);
      if (bytes === 16) w.id16(g.last);
      else w.id8(g.last.c0, g.last.c1, g.last.c2);
      // A bytes field's length, then the bytes.
      expect([w.view()[0], Buffer.from(w.view().subarray(1)).toString('hex')]).toEqual([bytes, id]);
      if (id === '0000000000000001') zeroSeen = true;
    }
    expect(zeroSeen).toBe(true);
  } finally {
    mockFill.fake = false;
  }
});

test('a trace id from elsewhere (a traceparent, any case) decodes to the same bytes', () => {
  const g = new PooledIdGenerator();
  for (let i = 0; i < 200; i++) {
    const id = g.generateTraceId();
    for (const hex of [id, id.toUpperCase()]) {
      const w = new ProtoWriter(64);
      w.id16(traceIdChunks(hex));
      expect(Buffer.from(w.view().subarray(1)).toString('hex')).toBe(id);
    }
  }
  const w = new ProtoWriter(64);
  w.id16(traceIdChunks('0af7651916cd43dd8448eb211c80319c'));
  expect(Buffer.from(w.view().subarray(1)).toString('hex')).toBe('0af7651916cd43dd8448eb211c80319c');
});
