// A unary gRPC service defined in code (JSON on the wire, so no .proto file).
const json = { serialize: (v) => Buffer.from(JSON.stringify(v)), deserialize: (b) => JSON.parse(b.toString()) };

const DocsService = {
  summarize: {
    path: '/botanu.test.Docs/Summarize',
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};

module.exports = { DocsService };
