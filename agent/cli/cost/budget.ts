// Cost budgets per run for CI: `--budget support-ticket=0.02 --budget '*=0.10'`.
// Every run of a workflow is checked against its own budget, else the '*' one;
// a run over it fails the command, and the report says which run and by how much.
import type { PricedRun } from './rollup';
import { formatUsd } from './usd';

export interface BudgetRule {
  /** A workflow name, or '*' for every workflow without a budget of its own. */
  workflow: string;
  usd: number;
}

/** `workflow=usd` (a leading $ is allowed); a message saying what is wrong otherwise. */
export function parseBudget(spec: string): BudgetRule | string {
  const eq = spec.lastIndexOf('=');
  const workflow = eq > 0 ? spec.slice(0, eq).trim() : '';
  const amount = eq > 0 ? spec.slice(eq + 1).trim().replace(/^\$/, '') : '';
  const usd = amount === '' ? NaN : Number(amount);
  if (!workflow || !Number.isFinite(usd) || usd < 0) return `--budget expects <workflow>=<max US dollars per run> or '*=<usd>' (e.g. support-ticket=0.02); got ${JSON.stringify(spec)}`;
  return { workflow, usd };
}

export interface OverBudget {
  runId: string;
  workflow: string;
  customerId: string;
  eventId: string;
  usd: number;
  budgetUsd: number;
  overByUsd: number;
  rule: string;
}

export interface BudgetCheck {
  workflow: string;
  rule: string;
  budgetUsd: number;
  runs: number;
  maxUsd: number;
  over: OverBudget[];
  /** Runs under budget whose cost is a lower bound (some calls unpriced). */
  incompleteRuns: number;
}

export interface BudgetReport {
  ok: boolean;
  checks: BudgetCheck[];
  over: OverBudget[];
}

export function checkBudgets(rules: BudgetRule[], runs: PricedRun[]): BudgetReport {
  const byName = new Map(rules.map((r) => [r.workflow, r])); // the last --budget for a name wins
  const fallback = byName.get('*');
  const checks = new Map<string, BudgetCheck>();
  // Named budgets are listed even when no run of theirs arrived: that is worth seeing in CI.
  for (const r of byName.values()) if (r.workflow !== '*') checks.set(r.workflow, { workflow: r.workflow, rule: r.workflow, budgetUsd: r.usd, runs: 0, maxUsd: 0, over: [], incompleteRuns: 0 });
  for (const { summary: s, cost } of runs) {
    const rule = byName.get(s.workflow) ?? fallback;
    if (!rule) continue;
    let check = checks.get(s.workflow);
    if (!check) checks.set(s.workflow, (check = { workflow: s.workflow, rule: rule.workflow, budgetUsd: rule.usd, runs: 0, maxUsd: 0, over: [], incompleteRuns: 0 }));
    check.runs++;
    check.maxUsd = Math.max(check.maxUsd, cost.usd);
    // Rounding noise of summed float prices must not fail a run that costs exactly its budget.
    if (cost.usd > rule.usd + 1e-12) {
      check.over.push({ runId: s.runId, workflow: s.workflow, customerId: s.customerId, eventId: s.eventId, usd: cost.usd, budgetUsd: rule.usd, overByUsd: cost.usd - rule.usd, rule: rule.workflow });
    } else if (cost.unpricedCalls > 0) check.incompleteRuns++;
  }
  const list = [...checks.values()];
  const over = list.flatMap((c) => c.over);
  return { ok: over.length === 0, checks: list, over };
}

const pct = (o: OverBudget) => (o.budgetUsd > 0 ? ` (+${Math.round((o.overByUsd / o.budgetUsd) * 100)}%)` : '');

export function formatBudgets(report: BudgetReport): string {
  const lines = ['── budgets (cost per run)'];
  const w = Math.max(8, ...report.checks.map((c) => c.workflow.length));
  for (const c of report.checks) {
    const limit = `≤ ${formatUsd(c.budgetUsd)}${c.rule === '*' ? ' (*)' : ''}`;
    const seen = c.runs === 0 ? 'no runs' : `${c.runs} run${c.runs === 1 ? '' : 's'}, max ${formatUsd(c.maxUsd)}`;
    const verdict = c.over.length ? `OVER: ${c.over.length} run${c.over.length === 1 ? '' : 's'}` : c.incompleteRuns ? `ok, but ${c.incompleteRuns} run${c.incompleteRuns === 1 ? ' has' : 's have'} unpriced calls` : 'ok';
    lines.push(`   ${c.workflow.padEnd(w)}  ${limit.padEnd(14)}  ${seen.padEnd(24)}  ${verdict}`);
    for (const o of c.over) lines.push(`      run ${o.runId}  customer ${o.customerId || '-'}  event ${o.eventId || '-'}: ${formatUsd(o.usd)}, over by ${formatUsd(o.overByUsd)}${pct(o)}`);
  }
  if (report.checks.length === 0) lines.push('   no run matched a budget');
  return lines.join('\n');
}

/** One line for stderr, the reason of the exit code. */
export function budgetVerdict(report: BudgetReport): string {
  if (report.ok) return 'botanu-agent dev: every run within its budget';
  const first = report.over[0];
  const more = report.over.length > 1 ? `; ${report.over.length - 1} more above` : '';
  return `botanu-agent dev: ${report.over.length} run${report.over.length === 1 ? '' : 's'} over budget: ${first.workflow} run ${first.runId} cost ${formatUsd(first.usd)}, ${formatUsd(first.overByUsd)} over its ${formatUsd(first.budgetUsd)} budget${more}`;
}
