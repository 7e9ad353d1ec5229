// How much of the agent an app's objects reach (issue 21): a request that holds
// the active span and context (as apps and frameworks do), inspected the way a
// console.log, a debugger, or an assertion diff does (assert turns customInspect
// off and prints every array element). Run plain and with the agent; the test
// compares the sizes. Serves a few requests first so the export queue has spans.
// Prints one line: RESULT <json>.
const http = require('node:http');
const util = require('node:util');
const { context, trace } = require('@opentelemetry/api');

const ASSERT_LIKE = { depth: Infinity, customInspect: false, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: 120 };
const sizes = {};
let served = 0;
const server = http.createServer((req, res) => {
  req.span = trace.getActiveSpan();
  req.ctx = context.active();
  trace.getActiveSpan()?.setAttribute('app.note', 'x'.repeat(64));
  if (++served === 40) {
    sizes.span = util.inspect(req.span, ASSERT_LIKE).length;
    sizes.requestAssertLike = util.inspect(req, ASSERT_LIKE).length;
    sizes.requestDefault = util.inspect(req).length;
    sizes.requestDeep = util.inspect(req, { depth: 8 }).length;
  }
  res.end('ok');
});

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port, path: `/r/${i}`, agent: false }, (r) => r.resume().on('end', resolve)).on('error', reject));
  }
  console.log(`RESULT ${JSON.stringify(sizes)}`);
  server.close();
});
