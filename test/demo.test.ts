// `npm run demo` (minus the install step global-setup already did): the printed
// run blocks say what the three services did and what each run cost, stopping dev
// prints the cost rollup, and every child is stopped at exit.
import * as net from 'node:net';
import { runDemo } from './helpers/demo';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(true));
  });
}

test('three runs: blocks match what the entry, answer service and LLM stand-in did, with their cost; the rollup at exit; everything stopped at exit', async () => {
  const r = await runDemo();
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = r.stdout;

  const requests = [...out.matchAll(/^▶ GET \/tickets\/(T-\d+)\?customer=(\w+)\S* → HTTP (\d+), run (\S+)/gm)].map((m) => ({ ticket: m[1], customer: m[2], status: Number(m[3]), runId: m[4] }));
  expect(requests.map((q) => [q.ticket, q.status])).toEqual([['T-100', 200], ['T-101', 200], ['T-102', 500]]);
  const blocks = out.split(/^(?=── run )/m).slice(1).map((b) => b.split(/\n\n/)[0]);
  expect(blocks).toHaveLength(3);

  expect(out).toMatch(/\[answer\] \[botanu\] agent .*instrumenting .*\bopenai \d+\.\d+\.\d+\b/);
  requests.forEach((q, i) => {
    const b = blocks[i];
    expect(b).toContain(`── run support-ticket ${q.runId}\n`);
    expect(b).toMatch(new RegExp(`outcome   ${q.status === 200 ? 'success' : 'failed'}   duration \\d+ ms`));
    expect(b).toContain(`customer  ${q.customer}   event ${q.ticket}`);
    expect(b).toMatch(/services  entry → answer \(2\)   spans \d+/);
    // Usage exactly as the stand-in sent it, priced by hand from @pydantic/genai-prices 0.1.8's gpt-4o-mini
    // ($0.15 input, $0.075 cached input, $0.60 output per million): 56 × 0.15 + 64 × 0.075 + 30 × 0.6 = $31.2e-6.
    // The rejected call has no usage: nothing to price.
    if (q.status === 200) expect(b).toMatch(/llm       1 call, tokens 120 in \/ 30 out \/ 64 cached\n\s+gpt-4o-mini-2024-07-18 \(answer, via openai\): 120 in \/ 30 out \/ 64 cached — \$0\.0000312\n   cost      \$0\.0000312 \(1 call priced\)\n/);
    else expect(b).toMatch(/llm       1 call, tokens 0 in \/ 0 out \/ 0 cached\n\s+gpt-4o-mini \(answer, via openai\): no usage reported\n   cost      no usage reported \(1 call\)\n/);
  });
  expect(blocks[0]).toContain('errors    none');
  expect(blocks[0]).toContain('retries   0');
  // The rate-limited attempt is its own span, failed with 429; the SDK's second attempt is the retry.
  expect(blocks[1]).toContain('retries   1 (answer: POST)');
  expect(blocks[1]).toMatch(/errors    1\n\s+answer: POST — 429/);
  expect(blocks[2]).toContain('retries   0');
  // The failure, innermost first: the LLM's 400, the answer service's 502, the entry's error.
  expect(blocks[2]).toMatch(/errors    [3-9]\n\s+answer: POST.* — 400/);
  expect(blocks[2]).toMatch(/entry: botanu\.run\/support-ticket — answer service failed with HTTP 502|… \d+ more/);
  expect(out).toContain('LLM stand-in served 2 completions (240 in / 60 out / 128 cached tokens), answered 429 1× and 400 1×');
  // Stopping dev prints the cost rollup of the three runs: by workflow, then by customer.
  const rollup = out.slice(out.indexOf('── cost rollup'));
  expect(rollup).toContain('── cost rollup: 3 runs, 3 LLM calls, $0.0000624 (prices: @pydantic/genai-prices 0.1.8)\n');
  const row = (name: string) => rollup.split('\n').find((l) => l.startsWith(`   ${name} `))?.trim().split(/\s{2,}/);
  expect(row('support-ticket')).toEqual(['support-ticket', '3', '3', '240 / 60 / 128', '$0.0000624', '$0.0000312', '$0.0000312', '0']);
  expect(row('acme')).toEqual(['acme', '1', '1', '120 / 30 / 64', '$0.0000312', '$0.0000312', '$0.0000312', '0']);
  expect(row('initech')).toEqual(['initech', '1', '1', '0 / 0 / 0', '$0', '$0', '$0', '0']);

  const devPort = Number(out.match(/`botanu-agent dev` on http:\/\/127\.0\.0\.1:(\d+)/)![1]);
  expect(await refused(devPort)).toBe(true);
});
