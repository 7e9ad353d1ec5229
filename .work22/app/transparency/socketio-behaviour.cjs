// socket.io behaviours the agent must not change (issue 21): a listener added
// with socket.on() is the one socket.listeners() returns and the one socket.off()
// removes (also one added with once()); socket.on() of a non-function throws
// Node's own error; a listener's thrown Symbol and an emit's thrown null reach the
// app as they are; the methods the agent wraps keep their name and length and
// carry nothing of ours; nothing is added to the app's sockets.
// Events arrive over a real connection, inside the server's run context path.
// Prints one line: RESULT <json>.
const http = require('node:http');
const util = require('node:util');
const { Server, Socket, Namespace } = require('socket.io');
const { io } = require('socket.io-client');

const describe = (v) => (v === null ? 'null' : typeof v === 'symbol' ? v.toString() : `${v?.constructor?.name}: ${v?.message}`);
// (shimmer's __original/__wrapped/__unwrap on upstream's wrappers are every OpenTelemetry instrumentation's; ours add nothing)
const shape = (f) => ({ name: f.name, length: f.length, ours: Object.getOwnPropertyNames(f).filter((p) => /botanu/i.test(p)).length });

async function main() {
  const out = { calls: [] };
  out.methods = {
    on: shape(Socket.prototype.on),
    emit: shape(Socket.prototype.emit),
    onevent: shape(Socket.prototype.onevent),
    doConnect: shape(Namespace.prototype._doConnect),
  };
  const uncaught = [];
  process.on('uncaughtException', (err) => uncaught.push(describe(err)));
  const srv = http.createServer();
  const ioServer = new Server(srv);
  let client;
  const done = new Promise((resolve) => {
    ioServer.on('connection', (socket) => {
      out.socketSymbols = Object.getOwnPropertySymbols(socket).map(String);
      out.inspectMentionsBotanu = /botanu/i.test(util.inspect(socket, { depth: 0 }));
      const removed = function removedHandler(a) { out.calls.push(`removed ${a}`); };
      socket.on('x', removed);
      out.listenersAreApps = socket.listeners('x')[0] === removed;
      out.countWithListener = socket.listenerCount('x', removed);
      socket.off('x', removed);
      out.countAfterOff = socket.listenerCount('x');
      const onceRemoved = () => out.calls.push('once removed');
      socket.once('x', onceRemoved);
      socket.off('x', onceRemoved);
      socket.once('y', (a) => out.calls.push(`once ${a}`));
      socket.on('x', function kept(a) { out.calls.push(`kept ${a}`); });
      for (const [label, value] of [['null', null], ['string', 'nope']]) {
        try {
          socket.on('z', value);
          out[`on ${label}`] = 'accepted';
        } catch (err) {
          out[`on ${label}`] = `${err.code}`;
        }
      }
      socket.on('throw-symbol', () => {
        throw Symbol('thrown');
      });
      socket.on('emit-null', () => {
        try {
          socket.emit('boom', { toJSON() { throw null; } });
        } catch (err) {
          out.emitThrew = describe(err);
        }
      });
      socket.on('done', () => setTimeout(resolve, 20));
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  client = io(`http://127.0.0.1:${srv.address().port}`, { transports: ['websocket'], reconnection: false });
  client.on('connect', () => {
    for (const ev of ['x', 'y', 'y', 'x', 'throw-symbol', 'emit-null', 'done']) client.emit(ev, ev);
  });
  await done;
  out.uncaught = uncaught;
  client.close();
  ioServer.close();
  console.log(`RESULT ${JSON.stringify(out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
