// Reading a socket's peer address leaves no trace (issue 21; found by hapi's own
// suite, "sets client address to nothing when not available"). Node caches a
// socket's peer address the first time anyone reads it; after the socket closed,
// only that cache answers. Without the agent nobody read it, so an app reading it
// after the client left gets undefined; the agent's HTTP server and client spans
// read it (network.peer.address) and must not make it answer 127.0.0.1 instead.
// Prints one line: RESULT <json>.
const http = require('node:http');
const Hapi = require('@hapi/hapi');

const afterClose = (socket) => ({ address: socket.remoteAddress, port: socket.remotePort, family: socket.remoteFamily });

/** node:http: the server's socket read once the client closed it, and the client's socket once it closed. */
async function nodeHttp(out) {
  let serverSide;
  const serverClosed = new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const socket = req.socket;
      socket.on('close', () => {
        serverSide = afterClose(socket);
        server.close(resolve);
      });
      res.end('ok');
    });
    server.listen(0, '127.0.0.1', () => {
      http.get({ host: '127.0.0.1', port: server.address().port, path: '/', agent: false, headers: { 'x-forwarded-for': '10.1.2.3' } }, (res) => {
        const socket = res.socket;
        socket.on('close', () => (out.client = afterClose(socket)));
        res.resume();
      });
    });
  });
  await serverClosed;
  await new Promise((r) => setTimeout(r, 20));
  out.server = serverSide;
}

/** hapi's own test: request.info.remoteAddress read in the handler after the client left. */
async function hapi(out) {
  const server = Hapi.server({ port: 0, host: '127.0.0.1', debug: false });
  let req;
  const seen = new Promise((resolve) => {
    server.route({
      method: 'GET',
      path: '/',
      handler: async (request) => {
        req.destroy();
        while (request.active()) await new Promise((r) => setTimeout(r, 5));
        resolve(request.info.remoteAddress);
        return null;
      },
    });
  });
  await server.start();
  req = http.get(`http://127.0.0.1:${server.info.port}/`, () => {});
  req.on('error', () => {});
  out.hapiRemoteAddress = (await seen) ?? 'undefined';
  await server.stop();
}

async function main() {
  const out = {};
  await nodeHttp(out);
  await hapi(out);
  console.log(`RESULT ${JSON.stringify(out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
