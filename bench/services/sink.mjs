// The export destination for every agent under test: accepts OTLP/HTTP
// (protobuf or JSON) and the Datadog trace intake, counts spans, answers 200.
// It decodes only as deep as it must to count, so its own cost stays small.
// Run as its own process: `node sink.mjs` prints `READY <port>`; GET /count
// returns the totals, POST /reset zeroes them.
import * as http from 'node:http';

const totals = { spans: 0, requests: 0, bytes: 0 };

function varint(buf, pos) {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    v += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [v, pos];
    shift += 7;
  }
}

// Calls fn(fieldNumber, start, end) for each length-delimited field of a protobuf message.
function eachField(buf, start, end, fn) {
  let pos = start;
  while (pos < end) {
    let key;
    [key, pos] = varint(buf, pos);
    const wire = key & 7;
    if (wire === 0) [, pos] = varint(buf, pos);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      let len;
      [len, pos] = varint(buf, pos);
      fn(key >>> 3, pos, pos + len);
      pos += len;
    } else throw new Error(`wire type ${wire}`);
  }
}

// ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.spans(2)
function countOtlpProto(buf) {
  let n = 0;
  eachField(buf, 0, buf.length, (f, s, e) => {
    if (f !== 1) return;
    eachField(buf, s, e, (f2, s2, e2) => {
      if (f2 !== 2) return;
      eachField(buf, s2, e2, (f3) => {
        if (f3 === 2) n++;
      });
    });
  });
  return n;
}

function countOtlpJson(buf) {
  const body = JSON.parse(buf.toString('utf8'));
  let n = 0;
  for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += (ss.spans ?? []).length;
  return n;
}

// msgpack: the Datadog v0.4 payload is an array of traces, each an array of spans.
function msgpackArrayHeader(buf, pos) {
  const b = buf[pos];
  if (b >= 0x90 && b <= 0x9f) return [b & 0x0f, pos + 1];
  if (b === 0xdc) return [buf.readUInt16BE(pos + 1), pos + 3];
  if (b === 0xdd) return [buf.readUInt32BE(pos + 1), pos + 5];
  throw new Error(`not a msgpack array: 0x${b.toString(16)}`);
}

function msgpackSkip(buf, pos) {
  const b = buf[pos];
  if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return pos + 1;
  if (b >= 0x80 && b <= 0x8f) return skipN(buf, pos + 1, (b & 0x0f) * 2);
  if (b >= 0x90 && b <= 0x9f) return skipN(buf, pos + 1, b & 0x0f);
  if (b >= 0xa0 && b <= 0xbf) return pos + 1 + (b & 0x1f);
  const fixed = { 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8, 0xca: 4, 0xcb: 8 }[b];
  if (fixed) return pos + 1 + fixed;
  if (b === 0xd9 || b === 0xc4) return pos + 2 + buf[pos + 1];
  if (b === 0xda || b === 0xc5) return pos + 3 + buf.readUInt16BE(pos + 1);
  if (b === 0xdb || b === 0xc6) return pos + 5 + buf.readUInt32BE(pos + 1);
  if (b === 0xdc) return skipN(buf, pos + 3, buf.readUInt16BE(pos + 1));
  if (b === 0xdd) return skipN(buf, pos + 5, buf.readUInt32BE(pos + 1));
  if (b === 0xde) return skipN(buf, pos + 3, buf.readUInt16BE(pos + 1) * 2);
  if (b === 0xdf) return skipN(buf, pos + 5, buf.readUInt32BE(pos + 1) * 2);
  throw new Error(`msgpack type 0x${b.toString(16)}`);
}

function skipN(buf, pos, n) {
  for (let i = 0; i < n; i++) pos = msgpackSkip(buf, pos);
  return pos;
}

function countDatadog(buf) {
  let [traces, pos] = msgpackArrayHeader(buf, 0);
  let n = 0;
  for (let t = 0; t < traces; t++) {
    let spans;
    [spans, pos] = msgpackArrayHeader(buf, pos);
    n += spans;
    pos = skipN(buf, pos, spans);
  }
  return n;
}

function count(req, body) {
  const type = req.headers['content-type'] ?? '';
  if (req.url.startsWith('/v0.4/traces')) return countDatadog(body);
  if (req.url.endsWith('/v1/traces')) return type.includes('json') ? countOtlpJson(body) : countOtlpProto(body);
  return 0;
}

// Bodies are gathered into buffers kept from one request to the next: a fresh
// ~170 KB buffer per batch (Buffer.concat) cost the sink more in page faults
// than counting the spans, CPU the machine's other processes (the app under
// test among them) did not get.
const spare = [];
function gather(req) {
  let buf = spare.pop() ?? Buffer.allocUnsafeSlow(256 * 1024);
  let length = 0;
  req.on('data', (c) => {
    if (length + c.length > buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(buf.length * 2, length + c.length));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    c.copy(buf, length);
    length += c.length;
  });
  return { body: () => buf.subarray(0, length), release: () => spare.push(buf) };
}

const server = http.createServer((req, res) => {
  const gathered = gather(req);
  req.on('end', () => {
    try {
      answer(req, res, gathered.body());
    } finally {
      gathered.release();
    }
  });
});

function answer(req, res, body) {
  if (req.method === 'GET' && req.url === '/count') return void res.end(JSON.stringify(totals));
  if (req.method === 'POST' && req.url === '/reset') {
    Object.assign(totals, { spans: 0, requests: 0, bytes: 0 });
    return void res.end('{}');
  }
  if (req.method === 'GET') return void res.end('{}'); // e.g. dd-trace asking the agent for /info
  totals.requests++;
  totals.bytes += body.length;
  try {
    totals.spans += count(req, body);
  } catch (err) {
    process.stderr.write(`sink: could not count ${req.url}: ${err.message}\n`);
  }
  res.setHeader('content-type', req.url.startsWith('/v0') ? 'application/json' : 'application/x-protobuf');
  res.end(req.url.startsWith('/v0') ? '{"rate_by_service":{}}' : '');
}

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
