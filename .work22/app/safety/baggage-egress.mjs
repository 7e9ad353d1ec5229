// Inside one run, calls: a host on the default deny list (api.openai.com, resolved to
// this machine with a custom lookup), localhost with fetch, and 127.0.0.1 with
// node:http; every call carries an extra non-botanu baggage entry. Prints the
// baggage header each request arrived with.
import http from 'node:http';
import { context, propagation } from '@opentelemetry/api';
import { botanuWorkflow, getRunId } from '@botanu/agent';

const seen = {};
const server = http.createServer((req, res) => {
  seen[req.url] = req.headers.baggage ?? null; // several baggage headers arrive joined with ', '
  res.end('ok');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

function httpGet(host, path) {
  const lookup = (hostname, opts, cb) => (opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4));
  return new Promise((resolve, reject) => http.get({ host, port, path, lookup }, (res) => res.resume().on('end', resolve)).on('error', reject));
}

const run = botanuWorkflow({ name: 'egress', eventId: 'e1', customerId: 'c1' }, async () => {
  const bag = propagation.getBaggage(context.active()).setEntry('tenant.region', { value: 'eu' });
  await context.with(propagation.setBaggage(context.active(), bag), async () => {
    await httpGet('api.openai.com', '/openai');
    await fetch(`http://localhost:${port}/localhost-fetch`);
    // An SDK that writes the baggage header itself (as recent Anthropic SDKs do), outside any instrumentation.
    await fetch(`http://localhost:${port}/localhost-fetch-sdk-header`, { headers: { baggage: `botanu.run_id=${getRunId()},sdk.own=1` } });
    await httpGet('localhost', '/localhost-http');
    await httpGet('127.0.0.1', '/internal');
  });
});
await run();
console.log(`SEEN ${JSON.stringify(seen)}`);
server.close();
