// axios with axios-retry (CommonJS app, over node:http). No tracing code: started with the agent's preload flag.
const axios = require('axios');
const axiosRetry = require('axios-retry').default;

async function main() {
  const { FLAKY_URL, TAG, report, scenario } = await import('./scenario.mjs');
  const client = axios.create();
  axiosRetry(client, { retries: 3, retryDelay: () => 20 });
  await scenario('status-503', async () => (await client.get(`${FLAKY_URL}/status/${TAG}-503?fail=2&status=503`)).data);
  await scenario('reset', async () => (await client.get(`${FLAKY_URL}/reset/${TAG}-reset?fail=2`)).data);
  report();
}
main();
