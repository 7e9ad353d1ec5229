// got's built-in retry (over node:http). No tracing code: started with the agent's preload flag.
import got from 'got';
import { FLAKY_URL, TAG, report, scenario } from './scenario.mjs';

const client = got.extend({ retry: { limit: 3, backoffLimit: 50 } });

await scenario('status-429', () => client(`${FLAKY_URL}/status/${TAG}-429?fail=2&status=429&retryAfter=0`).json());
await scenario('reset', () => client(`${FLAKY_URL}/reset/${TAG}-reset?fail=2`).json());
report();
