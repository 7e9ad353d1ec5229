// CommonJS socket.io server and clients, each client connected inside its own run.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./socketio-work.cjs');

main({ Server: require('socket.io').Server, ioClient: require('socket.io-client').io }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
