// A plain node:http service with no tracing code, for running beside dd-trace
// or Sentry. /work calls the downstream service with node:http and with fetch;
// /run does the same inside a botanu workflow (a run started here).
const http = require('node:http');
const { botanuWorkflow, getRunId } = require('@botanu/agent');

function httpGet(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (r) => {
        r.resume();
        r.on('end', resolve);
      })
      .on('error', reject);
  });
}

async function callDownstream(tag) {
  await httpGet(`${process.env.DOWNSTREAM_URL}?via=http&tag=${tag}`);
  await (await fetch(`${process.env.DOWNSTREAM_URL}?via=fetch&tag=${tag}`)).text();
}

const run = botanuWorkflow({ name: 'coexist-run', eventId: 'evt-1', customerId: 'cust-1' }, async () => {
  await callDownstream('run');
  return getRunId();
});

const server = http.createServer((req, res) => {
  const done = (body) => res.end(JSON.stringify(body ?? null));
  const fail = (e) => {
    res.statusCode = 500;
    res.end(String(e));
  };
  if (req.url === "/work") callDownstream('work').then(() => done({ ok: true }), fail);
  else if (req.url === '/run') run().then((runId) => done({ runId }), fail);
  else {
    res.statusCode = 404;
    res.end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
