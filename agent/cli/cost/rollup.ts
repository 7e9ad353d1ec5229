// Cost across runs, by workflow and by customer: what `botanu-agent dev` prints
// on exit (and on demand), what --json reports and what budgets are checked on.
// A run reprinted with late spans replaces its earlier figures.
import type { RunSummary } from '../run-summary';
import type { RunCost } from './run-cost';

export interface PricedRun {
  summary: RunSummary;
  cost: RunCost;
}

export interface RollupRow {
  /** The workflow or customer id ('-' when the run had none). */
  key: string;
  runs: number;
  llmCalls: number;
  unpricedCalls: number;
  tokens: { input: number; output: number; cached: number; reasoning: number };
  usd: number;
  p50Usd: number;
  p95Usd: number;
}

export interface Rollup {
  runs: number;
  llmCalls: number;
  unpricedCalls: number;
  usd: number;
  byWorkflow: RollupRow[];
  byCustomer: RollupRow[];
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function row(key: string, runs: PricedRun[]): RollupRow {
  const tokens = { input: 0, output: 0, cached: 0, reasoning: 0 };
  let llmCalls = 0;
  let unpricedCalls = 0;
  for (const { summary: s, cost } of runs) {
    llmCalls += s.llmCalls.length;
    unpricedCalls += cost.unpricedCalls;
    tokens.input += s.tokens.input;
    tokens.output += s.tokens.output;
    tokens.cached += s.tokens.cached;
    for (const c of s.llmCalls) tokens.reasoning += c.reasoningTokens ?? 0;
  }
  const costs = runs.map((r) => r.cost.usd).sort((a, b) => a - b);
  return { key, runs: runs.length, llmCalls, unpricedCalls, tokens, usd: costs.reduce((a, b) => a + b, 0), p50Usd: percentile(costs, 0.5), p95Usd: percentile(costs, 0.95) };
}

function groupBy(runs: PricedRun[], keyOf: (r: RunSummary) => string): RollupRow[] {
  const groups = new Map<string, PricedRun[]>();
  for (const r of runs) {
    const k = keyOf(r.summary) || '-';
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  // Most expensive first: what a developer looks for.
  return [...groups].map(([k, g]) => row(k, g)).sort((a, b) => b.usd - a.usd || a.key.localeCompare(b.key));
}

export class CostRollup {
  private readonly runs = new Map<string, PricedRun>();

  add(run: PricedRun): void {
    this.runs.delete(run.summary.runId); // an update moves to the end: the order is that of final reports
    this.runs.set(run.summary.runId, run);
  }

  get size(): number {
    return this.runs.size;
  }

  all(): PricedRun[] {
    return [...this.runs.values()];
  }

  rollup(): Rollup {
    const runs = this.all();
    const total = row('*', runs);
    return {
      runs: total.runs,
      llmCalls: total.llmCalls,
      unpricedCalls: total.unpricedCalls,
      usd: total.usd,
      byWorkflow: groupBy(runs, (s) => s.workflow),
      byCustomer: groupBy(runs, (s) => s.customerId),
    };
  }
}
