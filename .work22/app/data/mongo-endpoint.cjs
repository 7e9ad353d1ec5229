// A stand-in MongoDB server (there is none here): speaks enough of the wire
// protocol (OP_QUERY and OP_MSG) for the real mongodb driver and mongoose to
// connect, insert and find. It keeps inserted documents for find.
const net = require('node:net');
const { BSON, Long } = require('bson');

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const docs = [];
let requestId = 1;

function reply(command, db) {
  const name = Object.keys(command)[0];
  switch (name.toLowerCase()) {
    case 'hello':
    case 'ismaster':
      return { ismaster: true, isWritablePrimary: true, helloOk: true, maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000, localTime: new Date(), logicalSessionTimeoutMinutes: 30, connectionId: 1, minWireVersion: 0, maxWireVersion: 21, readOnly: false, ok: 1 };
    case 'insert':
      docs.push(...(command.documents ?? []));
      return { n: (command.documents ?? []).length, ok: 1 };
    case 'find':
      return { cursor: { firstBatch: docs.filter((d) => d.name === command.filter?.name).slice(0, 1), id: Long.fromNumber(0), ns: `${db}.${command.find}` }, ok: 1 };
    default:
      return { ok: 1 };
  }
}

function header(length, responseTo, opCode) {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId++, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsgReply(doc, responseTo) {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), BSON.serialize(doc)]);
  return Buffer.concat([header(16 + body.length, responseTo, OP_MSG), body]);
}

function opReply(doc, responseTo) {
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(1, 16); // numberReturned
  const body = Buffer.concat([fixed, BSON.serialize(doc)]);
  return Buffer.concat([header(16 + body.length, responseTo, OP_REPLY), body]);
}

/** One request → [command, db, reply builder]. */
function parse(msg) {
  const requestID = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_QUERY) {
    const nameEnd = msg.indexOf(0, 20);
    const db = msg.toString('utf8', 20, nameEnd).split('.')[0];
    const command = BSON.deserialize(msg.subarray(nameEnd + 9));
    return { command, db, respond: (doc) => opReply(doc, requestID) };
  }
  let command = {};
  const sequences = {};
  for (let pos = 20; pos < msg.length; ) {
    const kind = msg[pos++];
    const size = msg.readInt32LE(pos);
    if (kind === 0) command = BSON.deserialize(msg.subarray(pos, pos + size));
    else {
      const idEnd = msg.indexOf(0, pos + 4);
      const id = msg.toString('utf8', pos + 4, idEnd);
      sequences[id] = [];
      for (let d = idEnd + 1; d < pos + size; d += msg.readInt32LE(d)) sequences[id].push(BSON.deserialize(msg.subarray(d, d + msg.readInt32LE(d))));
    }
    pos += size;
  }
  Object.assign(command, sequences);
  return { command, db: command.$db, respond: (doc) => opMsgReply(doc, requestID) };
}

const server = net.createServer((socket) => {
  let buf = Buffer.alloc(0);
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
      const len = buf.readInt32LE(0);
      const { command, db, respond } = parse(buf.subarray(0, len));
      buf = buf.subarray(len);
      socket.write(respond(reply(command, db)));
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
