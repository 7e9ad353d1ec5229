// undici sending requests later than the app asked: queued behind the two busy
// connections of a pool, re-sent by RetryAgent, followed by the redirect
// interceptor on a shared keep-alive socket. No tracing code beyond the callers.
import * as http from 'node:http';
import { createRequire } from 'node:module';
import { concurrentCallers } from './callers.mjs';

// UNDICI picks the copy: the one installed as `undici`, or the directory of
// another major (a copy named undici, so the agent recognises it).
const { Agent, Pool, RetryAgent, RetryHandler, fetch: undiciFetch, interceptors, request, setGlobalDispatcher } = createRequire(import.meta.url)(process.env.UNDICI ?? 'undici');

/** What RetryAgent does, for undici 5: a dispatcher that wraps each request's handler in a RetryHandler. */
function retryingV5(agent) {
  return {
    dispatch: (opts, handler) =>
      agent.dispatch(opts, new RetryHandler({ ...opts, retryOptions: { minTimeout: 5, maxTimeout: 20, timeoutFactor: 1 } }, { dispatch: agent.dispatch.bind(agent), handler })),
    close: () => agent.close(),
  };
}

// A slow server (so requests pile up in the pool queue) that fails /retry/ paths
// once and redirects /redirect/<who> to /redirect/<who>/target.
const failed = new Set();
const server = http.createServer((req, res) => {
  setTimeout(() => {
    if (req.url.startsWith('/retry/') && !failed.has(req.url)) {
      failed.add(req.url);
      res.writeHead(503).end('try again');
    } else if (req.url.startsWith('/redirect/') && !req.url.endsWith('/target')) {
      res.writeHead(302, { location: `${req.url}/target` }).end();
    } else res.end('ok');
  }, 5);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// Node's own fetch through the app's pool (set globally: undici 8's agents speak
// an older handler API to Node's fetch only that way).
const agent = new Agent({ connections: 2 });
setGlobalDispatcher(agent);
await concurrentCallers('global-fetch', async (who) => (await fetch(`${origin}/global-fetch/${who}`)).text());
await concurrentCallers('undici-fetch', async (who) => (await undiciFetch(`${origin}/undici-fetch/${who}`, { dispatcher: agent })).text());
const pool = new Pool(origin, { connections: 2 });
await concurrentCallers('pool-request', async (who) => (await pool.request({ path: `/pool-request/${who}`, method: 'GET' })).body.text());
const pipelined = new Pool(origin, { connections: 1, pipelining: 3 });
await concurrentCallers('pipelining', async (who) => (await request(`${origin}/pipelining/${who}`, { dispatcher: pipelined })).body.text());
// undici 5 has no RetryAgent (its RetryHandler is used directly) and redirects through request's maxRedirections.
const retrying = RetryAgent ? new RetryAgent(new Agent({ connections: 2 }), { minTimeout: 5, maxTimeout: 20, timeoutFactor: 1 }) : retryingV5(new Agent({ connections: 2 }));
await concurrentCallers('retry', async (who) => (await request(`${origin}/retry/${who}`, { dispatcher: retrying })).body.text());
const redirecting = interceptors ? new Agent({ connections: 2 }).compose(interceptors.redirect({ maxRedirections: 1 })) : new Agent({ connections: 2 });
const redirectOptions = interceptors ? {} : { maxRedirections: 1 };
await concurrentCallers('redirect', async (who) => (await request(`${origin}/redirect/${who}`, { dispatcher: redirecting, ...redirectOptions })).body.text());

console.log('DONE');
await Promise.all([agent.close(), pool.close(), pipelined.close(), retrying.close()]);
server.close();
