// Requests carrying the attempt headers SDKs send, exactly as they send them:
// OpenAI/Anthropic (Stainless) number attempts in `x-stainless-retry-count`
// (over fetch), the AWS SDK v3 in `amz-sdk-request` (over node:http).
// Each "SDK call" is a loop like the SDK's own. No tracing code.
import * as http from 'node:http';
import { FLAKY_URL, TAG, report, scenario } from './scenario.mjs';

async function stainlessCall(url, maxRetries) {
  const statuses = [];
  for (let retry = 0; retry <= maxRetries; retry++) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-stainless-retry-count': String(retry) }, body: '{}' });
    statuses.push(res.status);
    await res.arrayBuffer();
    if (res.ok) break;
  }
  return statuses;
}

function httpPost(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

async function awsCall(url, maxAttempts) {
  const statuses = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    statuses.push(await httpPost(url, { 'amz-sdk-request': `attempt=${attempt}; max=${maxAttempts}`, 'amz-sdk-invocation-id': `${TAG}-inv` }));
    if (statuses.at(-1) === 200) break;
  }
  return statuses;
}

// Fails 3 times: the first call gives up after one retry; the second call is a
// NEW request (its header says 0) even though the same URL just failed.
const stainlessUrl = `${FLAKY_URL}/status/${TAG}-stainless?fail=3&status=529`;
await scenario('stainless', async () => [await stainlessCall(stainlessUrl, 1), await stainlessCall(stainlessUrl, 2)]);
await scenario('aws', () => awsCall(`${FLAKY_URL}/status/${TAG}-aws?fail=1&status=503`, 3));
report();
