// A gRPC server with no tracing code; its handler makes a Redis call.
const grpc = require('@grpc/grpc-js');
const { DocsService } = require('./grpc-service.cjs');
const { redisClient, handle } = require('./handler-work.cjs');

const redis = redisClient();
const server = new grpc.Server();
server.addService(DocsService, {
  summarize: (call, callback) => {
    handle(redis, call.request).then(
      () => callback(null, { ok: true, id: call.request.id }),
      (err) => callback(err),
    );
  },
});
redis.connect().then(() =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    console.log(`READY ${port}`);
  }),
);
