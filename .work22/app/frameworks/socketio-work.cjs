// What both socket.io fixtures do, given socket.io and socket.io-client as the
// fixture loaded them (require or import). Two clients connect, each inside its
// own run (over the default polling-then-upgrade transport, or websocket only when
// SOCKETIO_TRANSPORT=websocket); the server's `connection` handler makes an HTTP call.
// Later (outside any run on the server) each client emits 'ask'. The server's
// handler makes an HTTP call, acks, and emits 'reply' with an ack of its own; the
// ack callback makes an HTTP call too. Every span the server makes for a client
// must carry that client's run.
const http = require('node:http');
const { startTarget } = require('./ping-target.cjs');

async function main({ Server, ioClient }, botanuWorkflow) {
  const target = await startTarget();

  const httpServer = http.createServer();
  const io = new Server(httpServer);
  io.on('connection', (socket) => {
    target.ping(`connect-${socket.handshake.query.who}`);
    socket.on('ask', async (who, ack) => {
      await target.ping(`handler-${who}`);
      socket.emit('reply', who, () => target.ping(`reply-ack-${who}`).then(() => socket.emit('finished', who)));
      ack(`answer-${who}`);
    });
  });
  await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${httpServer.address().port}`;

  const connectInRun = (name) =>
    botanuWorkflow({ name, eventId: `evt-${name}`, customerId: `cust-${name}` }, () =>
      new Promise((resolve) => {
        const transports = process.env.SOCKETIO_TRANSPORT ? [process.env.SOCKETIO_TRANSPORT] : undefined;
        const client = ioClient(url, { reconnection: false, query: { who: name }, ...(transports ? { transports } : {}) });
        client.on('connect', () => resolve(client));
      }),
    )();
  const clients = { 'sock-a': await connectInRun('sock-a'), 'sock-b': await connectInRun('sock-b') };

  await Promise.all(
    Object.entries(clients).map(
      ([who, client]) =>
        new Promise((resolve) => {
          client.on('reply', (_w, ack) => ack());
          client.on('finished', resolve);
          client.emit('ask', who, (answer) => console.log(answer));
        }),
    ),
  );
  for (const c of Object.values(clients)) c.close();
  io.close();
  target.close();
  console.log('DONE');
}

module.exports = { main };
