// A Kafka record as kafkajs itself puts it on the wire (produce request) and
// reads it back (fetch response), for the fixtures that run without a broker.
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder');
const Decoder = require('kafkajs/src/protocol/decoder');

function encode(message) {
  return encodeRecord({ key: message.key, value: message.value, headers: message.headers }).buffer;
}

function decode(wire) {
  const decoder = new Decoder(wire);
  decoder.readVarInt(); // the record's length
  return decodeRecord(decoder, { firstOffset: '0', firstTimestamp: '0' });
}

module.exports = { encode, decode };
