// `botanu-agent dev` shows what runs cost, and `--budget … -- <command>` fails CI
// when a run goes over. The command (fixtures/cost/runs.mjs) makes five runs with
// the real openai, @anthropic-ai/sdk and @google/genai SDKs against a local
// wire-format stand-in;
// every printed price is checked against one computed here by hand from the
// pinned price table's per-million-token prices.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runToEnd } from './helpers/app';
import { APP_DIR, ROOT } from './helpers/paths';

const CLI = path.join(APP_DIR, 'node_modules', '@botanu', 'agent', 'bin', 'botanu-agent.cjs');
const RUNS_SCRIPT = ['--', process.execPath, 'cost/runs.mjs'];

// USD per million tokens in @pydantic/genai-prices 0.1.8 (a new pin means re-checking these).
const M = 1e6;
const GPT_4O_MINI = { input: 0.15, cacheRead: 0.075, output: 0.6 };
const O3_MINI = { input: 1.1, output: 4.4 };
const HAIKU_3_5 = { input: 0.8, cacheWrite: 1, cacheRead: 0.08, output: 4 };
// Gemini 2.5 Pro: base ≤ 200k input tokens, and the tier every token of a longer request is priced at.
const GEMINI_2_5_PRO = { base: { input: 1.25, cacheRead: 0.125, output: 10 }, over200k: { input: 2.5, cacheRead: 0.25, output: 15 } };

// What the stand-in reports (fixtures/cost/llm-stub.mjs), priced by hand:
// gpt-4o-mini: 2000 input of which 1536 cached, 300 output.
const GPT_CALL = ((2000 - 1536) * GPT_4O_MINI.input + 1536 * GPT_4O_MINI.cacheRead + 300 * GPT_4O_MINI.output) / M; // $0.0003648
// o3-mini: 2500 output of which 2000 reasoning; OpenAI bills reasoning as output, already inside the 2500.
const O3_CALL = (1000 * O3_MINI.input + 2500 * O3_MINI.output) / M; // $0.0121
// Anthropic: 200 uncached + 500 cache write + 300 cache read input, 100 output.
const HAIKU_CALL = (200 * HAIKU_3_5.input + 500 * HAIKU_3_5.cacheWrite + 300 * HAIKU_3_5.cacheRead + 100 * HAIKU_3_5.output) / M; // $0.001084
// Gemini: 240k input (over 200k: the long-context tier) of which 40k cached; 1000 candidates + 3000 thoughts, both billed as output.
const T = GEMINI_2_5_PRO.over200k;
const GEMINI_CALL = (200_000 * T.input + 40_000 * T.cacheRead + (1000 + 3000) * T.output) / M; // $0.57
const RUN_COST = [GPT_CALL, 2 * GPT_CALL, O3_CALL, HAIKU_CALL, GEMINI_CALL];

async function dev(args: string[]) {
  const r = await runToEnd(CLI, { preload: 'none', args: ['dev', '--quiet-ms', '300', ...args], env: { OTEL_SERVICE_NAME: 'cost-app' } }, 60_000);
  const runIds = [...r.stdout.matchAll(/^RUN (\d) (\S+) (\S+) (\S+)$/gm), ...r.stderr.matchAll(/^RUN (\d) (\S+) (\S+) (\S+)$/gm)].sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => m[4]);
  return { ...r, runIds };
}

function block(out: string, runId: string): string {
  // By its first line: the command's own output (RUN … lines) is interleaved with the blocks.
  const b = out.split(/^(?=── )/m).find((x) => /^── run \S+ (\S+)\n/.exec(x)?.[1] === runId);
  if (!b) throw new Error(`no block for run ${runId} in:\n${out}`);
  return b;
}

test('the pinned price table is the one these hand-computed prices come from', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.devDependencies['@pydantic/genai-prices']).toBe('0.1.8');
  // Bundled into the CLI only: the preload bundle does not contain it.
  expect(fs.readFileSync(path.join(APP_DIR, 'node_modules', '@botanu', 'agent', 'dist', 'register.cjs'), 'utf8')).not.toMatch(/genai-prices|calcPrice/);
  expect(fs.readFileSync(path.join(APP_DIR, 'node_modules', '@botanu', 'agent', 'dist', 'cli.cjs'), 'utf8')).toMatch(/calcPrice/);
});

test('run blocks price each call (cached, reasoning, cache-write tokens; unpriced model), the rollup groups by workflow and customer, budgets pass', async () => {
  const r = await dev(['--budget', 'support-ticket=0.001', '--budget', '*=0.02', '--budget', 'long-context=1', '--rollup-every', '2', ...RUNS_SCRIPT]);
  expect(r.stderr).toContain('botanu-agent dev: every run within its budget');
  expect(r.code).toBe(0);
  expect(r.runIds).toHaveLength(5);
  const out = r.stdout;

  const [b1, b2, b3, b4, b5] = r.runIds.map((id) => block(out, id));
  expect(b1).toContain('gpt-4o-mini-2024-07-18 (cost-app, via openai): 2000 in / 300 out / 1536 cached — $0.000365\n');
  expect(b1).toContain('   cost      $0.000365 (1 call priced)\n');
  expect(b2).toContain('   cost      $0.00073 (2 calls priced)\n');
  expect(b3).toContain('o3-mini-2025-01-31 (cost-app, via openai): 1000 in / 2500 out / 0 cached (2000 reasoning) — $0.0121\n');
  expect(b3).toContain('acme-internal-7b (cost-app, via openai): 500 in / 100 out / 0 cached — unpriced: model not in the price table\n');
  expect(b3).toContain('   cost      $0.0121 + 1 unpriced call (1 call priced)\n');
  // Anthropic's input on the span is the total (200 + 500 written + 300 read).
  expect(b4).toContain('claude-3-5-haiku-20241022 (cost-app, via anthropic sdk): 1000 in / 100 out / 300 cached (500 cache write) — $0.00108\n');
  expect(b4).toContain('   cost      $0.00108 (1 call priced)\n');
  // Gemini's output on the span includes the thoughts; the whole request is priced at the >200k tier.
  expect(GEMINI_2_5_PRO.base.input * 200_000 / M).toBeLessThan(GEMINI_CALL);
  expect(b5).toContain('gemini-2.5-pro (cost-app, via google-genai): 240000 in / 4000 out / 40000 cached (3000 reasoning) — $0.57\n');
  expect(out).not.toMatch(/acme-internal-7b.*\$0\b/);

  // --rollup-every 2: after the second and the fourth run, then the final one.
  const rollups = out.split(/^(?=── )/m).filter((x) => x.startsWith('── cost rollup'));
  expect(rollups.map((x) => x.split('\n')[0].match(/: (\d) runs/)![1])).toEqual(['2', '4', '5']);
  const final = rollups[2];
  const row = (name: string) => final.split('\n').find((l) => l.startsWith(`   ${name} `))!.trim().split(/\s{2,}/);
  // name, runs, llm calls, tokens in / out / cached, cost, p50/run, p95/run, unpriced calls
  expect(row('support-ticket')).toEqual(['support-ticket', '2', '3', '6000 / 900 / 4608', '$0.00109', '$0.000365', '$0.00073', '0']);
  expect(row('research')).toEqual(['research', '2', '3', '2500 / 2700 / 300', '$0.0132', '$0.00108', '$0.0121', '1']);
  expect(row('acme')).toEqual(['acme', '2', '3', '3500 / 2900 / 1536', '$0.0125', '$0.000365', '$0.0121', '1']);
  expect(row('globex')).toEqual(['globex', '2', '3', '5000 / 700 / 3372', '$0.00181', '$0.00073', '$0.00108', '0']);
  expect(row('long-context')).toEqual(['long-context', '1', '1', '240000 / 4000 / 40000', '$0.57', '$0.57', '$0.57', '0']);
  expect(row('initech')).toEqual(['initech', '1', '1', '240000 / 4000 / 40000', '$0.57', '$0.57', '$0.57', '0']);
  // Most expensive first.
  expect(final.split('\n')[2]).toMatch(/^   long-context /);
  expect(final).toContain('── cost rollup: 5 runs, 7 LLM calls, $0.584 + 1 unpriced (prices: @pydantic/genai-prices 0.1.8)');

  expect(out).toMatch(/── budgets \(cost per run\)\n\s+support-ticket\s+≤ \$0\.001\s+2 runs, max \$0\.00073\s+ok\n\s+long-context\s+≤ \$1\.00\s+1 run, max \$0\.57\s+ok\n\s+research\s+≤ \$0\.02 \(\*\)\s+2 runs, max \$0\.0121\s+ok, but 1 run has unpriced calls\n/);
});

test('--json carries the same numbers, --out keeps every run, and a run over budget fails the command: which run, by how much', async () => {
  const outFile = path.join(APP_DIR, 'cost-runs.jsonl');
  fs.rmSync(outFile, { force: true });
  const r = await dev(['--json', '--out', outFile, '--budget', 'support-ticket=0.0005', '--budget', '*=0.01', '--budget', 'long-context=1', ...RUNS_SCRIPT]);
  expect(r.code).toBe(1);
  const records = r.stdout.split('\n').filter((l) => l.startsWith('{"type":')).map((l) => JSON.parse(l));
  // The command's own stdout went to stderr: stdout is JSON lines only.
  expect(r.stdout.split('\n').filter((l) => l && !l.startsWith('{'))).toEqual([]);

  const runs = new Map(records.filter((x) => x.type === 'run').map((x) => [x.runId, x]));
  r.runIds.forEach((id, i) => expect(runs.get(id).cost.usd).toBeCloseTo(RUN_COST[i], 12));
  const third = runs.get(r.runIds[2]);
  expect(third.cost.calls.map((c: { status: string; usd: number | null }) => [c.status, c.usd])).toEqual([['priced', expect.closeTo(O3_CALL, 12)], ['unpriced', null]]);
  expect(third.cost).toMatchObject({ pricedCalls: 1, unpricedCalls: 1 });
  expect(third.llmCalls[0]).toMatchObject({ provider: 'openai', reasoningTokens: 2000, outputTokens: 2500 });
  expect(runs.get(r.runIds[3]).cost.calls[0]).toMatchObject({ status: 'priced', pricedAs: 'anthropic/claude-3-5-haiku-latest' });

  const rollup = records.find((x) => x.type === 'rollup');
  expect(rollup.priceTable).toEqual({ package: '@pydantic/genai-prices', version: '0.1.8' });
  expect(rollup).toMatchObject({ runs: 5, llmCalls: 7, unpricedCalls: 1 });
  expect(rollup.usd).toBeCloseTo(RUN_COST.reduce((a, b) => a + b), 12);
  const research = rollup.byWorkflow.find((w: { key: string }) => w.key === 'research');
  expect(research).toMatchObject({ runs: 2, llmCalls: 3, unpricedCalls: 1, tokens: { input: 2500, output: 2700, cached: 300, reasoning: 2000 } });
  expect(research.p50Usd).toBeCloseTo(HAIKU_CALL, 12);
  expect(research.p95Usd).toBeCloseTo(O3_CALL, 12);
  expect(rollup.byCustomer.map((c: { key: string }) => c.key)).toEqual(['initech', 'acme', 'globex']);
  expect(runs.get(r.runIds[4]).cost.calls[0]).toMatchObject({ status: 'priced', pricedAs: 'google/gemini-2.5-pro' });
  expect(runs.get(r.runIds[4]).llmCalls[0]).toMatchObject({ provider: 'gcp.gemini', inputTokens: 240000, outputTokens: 4000, cachedTokens: 40000, reasoningTokens: 3000 });

  // Over: run 2 (support-ticket, $0.0007296 > $0.0005) and run 3 (research under '*', $0.0121 > $0.01).
  const budget = records.find((x) => x.type === 'budget');
  expect(budget.ok).toBe(false);
  expect(budget.over.map((o: { runId: string; rule: string }) => [o.runId, o.rule])).toEqual([[r.runIds[1], 'support-ticket'], [r.runIds[2], '*']]);
  expect(budget.over[0].overByUsd).toBeCloseTo(2 * GPT_CALL - 0.0005, 12);
  expect(budget.over[1].overByUsd).toBeCloseTo(O3_CALL - 0.01, 12);
  expect(r.stderr).toContain(`botanu-agent dev: 2 runs over budget: support-ticket run ${r.runIds[1]} cost $0.00073, $0.00023 over its $0.0005 budget; 1 more above`);

  // --out: one line per run, the same record as --json's.
  const kept = fs.readFileSync(outFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(new Set(kept.map((k) => k.runId))).toEqual(new Set(r.runIds));
  for (const k of kept) expect(k.cost.usd).toBeCloseTo(runs.get(k.runId).cost.usd, 15);
});

test('the text report of a failing budget names the run and the amount over', async () => {
  const r = await dev(['--budget', 'support-ticket=0.0005', ...RUNS_SCRIPT]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`      run ${r.runIds[1]}  customer globex  event evt-2: $0.00073, over by $0.00023 (+46%)\n`);
  expect(r.stdout).toMatch(/support-ticket\s+≤ \$0\.0005\s+2 runs, max \$0\.00073\s+OVER: 1 run\n/);
  // research has no budget of its own and there is no '*': not checked.
  expect(r.stdout).not.toMatch(/^\s+research\s+≤/m);
});

test("the command's own failure is its exit code, and a session without runs says so", async () => {
  const r = await runToEnd(CLI, { preload: 'none', args: ['dev', '--quiet-ms', '100', '--budget', '*=0.01', '--', process.execPath, '-e', 'process.exit(3)'] }, 30_000);
  expect(r.code).toBe(3);
  expect(r.stdout).toContain('── cost rollup: 0 runs, 0 LLM calls, $0');
  expect(r.stdout).toContain('no runs received');
  expect(r.stderr).toContain('the command exited with code 3');
  const bad = await runToEnd(CLI, { preload: 'none', args: ['dev', '--budget', 'support-ticket', '--', process.execPath, '-e', '0'] });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--budget expects <workflow>=<max US dollars per run>');
});
