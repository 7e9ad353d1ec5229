// fetch and undici sending a request later than the app asked for it: queued
// behind the busy connections of a pool (Agent({ connections: 2 }), Pool,
// pipelining), re-sent by RetryAgent, redirected on a shared keep-alive socket.
// Each request's span, traceparent and baggage must be its own caller's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver, type DecodedSpan } from './helpers/receiver';
import { misattributed, runCallers, wrongByScenario, wrongCounts } from './helpers/attribution';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

const SCENARIOS = ['global-fetch', 'undici-fetch', 'pool-request', 'pipelining', 'retry', 'redirect'];
const CALLERS = 30;
/**
 * An older major is installed under an alias (fixtures/attribution/deps.json);
 * a copy of it in a directory named `undici` is what an app depending on that
 * major has, and what the agent recognises by name.
 */
function undiciCopy(pkg: string): string {
  if (pkg === 'undici') return 'undici';
  const dir = path.join(APP_DIR, 'attribution', 'majors', pkg, 'node_modules', 'undici');
  if (!fs.existsSync(dir)) fs.cpSync(path.join(APP_DIR, 'node_modules', pkg), dir, { recursive: true });
  return dir;
}

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
