// Keep-alive requests to a plain node:http server, each answered from inside a
// child span's context (as a framework's handler span does): on /listener the app
// adds its own 'finish' listener to the response and 'end' listener to the
// request and makes a span in each, which belongs under the request's server
// span, as the listener was added in that request; /plain has only node:http's
// own listeners (which the agent leaves to run as they would, with no context switch).
const http = require('node:http');
const { context, trace } = require('@opentelemetry/api');

const tracer = trace.getTracer('finish-fixture');
const server = http.createServer((req, res) => {
  if (req.url === '/listener') {
    res.on('finish', () => tracer.startSpan('after-finish').end());
    req.on('end', () => tracer.startSpan('after-end').end());
  }
  const respond = tracer.startSpan('respond');
  context.with(trace.setSpan(context.active(), respond), () => {
    req.resume();
    res.setHeader('content-type', 'text/plain');
    res.end('ok');
  });
  respond.end();
});
const get = (agent, path) =>
  new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
server.listen(0, '127.0.0.1', async () => {
  const agent = new http.Agent({ keepAlive: true });
  const statuses = [await get(agent, '/plain'), await get(agent, '/listener'), await get(agent, '/plain')];
  console.log(`STATUS ${statuses.join(' ')}`);
  agent.destroy();
  server.close(() => console.log('DONE'));
});
