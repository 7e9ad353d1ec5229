// A request's objects die young under the agent: the young-generation
// collections move no more of them to the old generation than without it. The
// agent once kept the messages it traces in a Map, one entry added and one
// removed per request; V8 then kept every request's whole graph (req, res,
// express's objects, spans, contexts) through scavenges until a full GC: ~2 KB
// per request more promoted on Node 24 and 26, ~4 KB on Node 22 (issue 14).
import { runToEnd, type Preload } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';
import { median } from './helpers/stats';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await new OtlpReceiver().start();
});
afterAll(() => receiver.stop());

async function promotedPerRequest(preload: Preload): Promise<number> {
  const res = await runToEnd('http/young-requests.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'young' } }, 60_000);
  const m = /YOUNG_GCS (\d+) PROMOTED_PER_REQUEST (\d+)/.exec(res.stdout);
  expect({ code: res.code, stdout: res.stdout, stderr: m ? '' : res.stderr }).toEqual({ code: 0, stdout: expect.stringMatching(/YOUNG_GCS/), stderr: '' });
  expect(Number(m![1])).toBeGreaterThan(3); // enough young collections to measure
  return Number(m![2]);
}

test('the agent adds under 1 KB per request to what scavenges promote (express, async handler, spans exported)', async () => {
  // Three runs of each, alternating, compared by their medians: one run of plain
  // node on Node 22 moves by ±0.5 KB, as much as the margin being checked.
  const plains: number[] = [];
  const agents: number[] = [];
  for (let i = 0; i < 3; i++) {
    plains.push(await promotedPerRequest('none'));
    agents.push(await promotedPerRequest('require'));
  }
  const [plain, agent] = [median(plains), median(agents)];
  // Node 22 itself promotes ~8 KB of each request (±0.5 KB run to run); 24 and 26 almost nothing.
  const limit = Math.max(1024, plain * 0.15);
  expect({ plain, agent, withinLimit: agent - plain < limit }).toEqual({ plain, agent, withinLimit: true });
}, 240_000);
