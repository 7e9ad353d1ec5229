// p-retry around global fetch (Node's bundled undici). No tracing code: started with the agent's preload flag.
import pRetry from 'p-retry';
import { FLAKY_URL, TAG, report, scenario } from './scenario.mjs';

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`status ${res.status}`);
  return res.json();
}

await scenario('status-503', () => pRetry(() => getJson(`${FLAKY_URL}/status/${TAG}-503?fail=2&status=503`), { retries: 3, minTimeout: 20 }));
await scenario('reset', () => pRetry(() => getJson(`${FLAKY_URL}/reset/${TAG}-reset?fail=2`), { retries: 3, minTimeout: 20 }));
report();
