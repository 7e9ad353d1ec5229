// Requests that repeat without being retries, and a hand-written retry loop,
// all with global fetch and no retry library. No tracing code.
import { FLAKY_URL, TAG, report, scenario } from './scenario.mjs';

const status = async (url) => (await fetch(url)).status;

// Polling: the same request twice, both successful.
await scenario('polling', async () => [await status(`${FLAKY_URL}/ok/${TAG}-poll`), await status(`${FLAKY_URL}/ok/${TAG}-poll`)]);
// A failed request, then a different one from the same parent.
await scenario('other-url', async () => [await status(`${FLAKY_URL}/status/${TAG}-other?fail=1`), await status(`${FLAKY_URL}/ok/${TAG}-other`)]);
// Two identical requests in flight at once.
await scenario('concurrent', () => Promise.all([status(`${FLAKY_URL}/ok/${TAG}-twin`), status(`${FLAKY_URL}/ok/${TAG}-twin`)]));
// A retry loop written by hand: re-sends after each failure.
await scenario('hand-loop', async () => {
  const seen = [];
  for (let i = 0; i < 4; i++) {
    seen.push(await status(`${FLAKY_URL}/status/${TAG}-loop?fail=2`));
    if (seen.at(-1) === 200) break;
  }
  return seen;
});
report();
