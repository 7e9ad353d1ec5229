// A request handler that throws synchronously: the process crashes with Node's
// report of the app's own throw site (file:line, the source line, the caret).
const http = require('node:http');

const server = http.createServer((req, res) => {
  throw new Error('thrown by the app handler');
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
