// undici (the npm package) retrying through its RetryAgent and retry interceptor.
// No tracing code: started with the agent's preload flag.
import { Agent, RetryAgent, fetch, interceptors, request } from 'undici';
import { FLAKY_URL, TAG, report, scenario } from './scenario.mjs';

// One keep-alive pool for all runs: a later run's retries reuse a socket an
// earlier run opened, which is where undici's retries used to lose their run.
const pool = new Agent({ keepAliveTimeout: 10_000 });
const retrying = new RetryAgent(pool, { minTimeout: 20, maxTimeout: 100, timeoutFactor: 1 });

await scenario('warm-up', async () => (await request(`${FLAKY_URL}/ok/${TAG}-warm`, { dispatcher: retrying })).body.json());
await scenario('status-503', async () => (await request(`${FLAKY_URL}/status/${TAG}-503?fail=2&status=503`, { dispatcher: retrying })).body.json());
await scenario('reset', async () => (await fetch(`${FLAKY_URL}/reset/${TAG}-reset?fail=2`, { dispatcher: retrying })).json());
const composed = pool.compose(interceptors.retry({ minTimeout: 20, maxTimeout: 100 }));
await scenario('interceptor-429', async () => (await request(`${FLAKY_URL}/status/${TAG}-429?fail=2&status=429`, { dispatcher: composed })).body.json());

await retrying.close();
report();
