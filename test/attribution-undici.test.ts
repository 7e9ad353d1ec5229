// fetch and undici sending a request later than the app asked for it: queued
// behind the busy connections of a pool (Agent({ connections: 2 }), Pool,
// pipelining), re-sent by RetryAgent, redirected on a shared keep-alive socket.
// Each request's span, traceparent and baggage must be its own caller's.
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { misattributed, runCallers, undiciCopy, wrongByScenario, wrongCounts } from './helpers/attribution';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

const SCENARIOS = ['global-fetch', 'undici-fetch', 'pool-request', 'pipelining', 'retry', 'redirect'];
const CALLERS = 30;
const isHttpClient = (s: DecodedSpan) => s.kind === 3 && s.scope.name.includes('undici');

// undici 8.12 queues pool requests in their caller's context itself; 5, 6 and 7 (7: Node 24's own major) do not.
test.each([['undici'], ['undici-v7'], ['undici-v6'], ['undici-v5']])('%s: every request of 30 concurrent callers is made in its own caller and run', async (pkg) => {
  const spans = await runCallers('attribution/undici-pools.mjs', receiver, CALLERS * SCENARIOS.length, { CALLERS: String(CALLERS), UNDICI: undiciCopy(pkg) });
  const { wrong, perCaller, callers } = misattributed(spans, isHttpClient);
  expect(callers).toBe(CALLERS * SCENARIOS.length);
  expect(wrongByScenario(wrong)).toEqual({});
  // One span per call; two for a retried or redirected one.
  expect(wrongCounts(perCaller, SCENARIOS, CALLERS, (scenario) => (scenario === 'retry' || scenario === 'redirect' ? 2 : 1))).toEqual({});
});
