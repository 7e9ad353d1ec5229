// Money in `botanu-agent dev`: prices each reported run, keeps the rollup,
// prints it every N runs, on demand and at the end, checks the budgets and
// writes --out. dev.ts hands it runs; this decides the exit code budgets imply.
import * as fs from 'node:fs';
import type { RunSummary } from '../run-summary';
import { budgetVerdict, checkBudgets, formatBudgets, type BudgetRule } from './budget';
import { PRICE_TABLE } from './price-table';
import { CostRollup, type PricedRun } from './rollup';
import { formatRollup } from './rollup-text';
import { costRun, type RunCost } from './run-cost';

export interface CostOptions {
  json: boolean;
  budgets: BudgetRule[];
  /** --out: every run, one JSON line each, written at the end. */
  outFile?: string;
  /** Print the rollup after every this many runs (0: only at the end). */
  rollupEvery: number;
}

/** A run as --json and --out write it: the summary and its cost. */
export function runRecord(run: PricedRun, updated?: boolean): Record<string, unknown> {
  return { type: 'run', ...(updated === undefined ? {} : { updated }), ...run.summary, cost: run.cost };
}

export class DevCost {
  private readonly rollup = new CostRollup();
  private newRuns = 0;

  constructor(
    private readonly opts: CostOptions,
    private readonly write: (text: string) => void,
  ) {}

  /** Creates (empties) the --out file now, so a bad path fails before anything runs. */
  prepare(): string | undefined {
    if (!this.opts.outFile) return undefined;
    try {
      fs.writeFileSync(this.opts.outFile, '');
      return undefined;
    } catch (err) {
      return `botanu-agent dev: cannot write --out ${this.opts.outFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
  }

  /** Prices a reported run (again, when late spans updated it) and remembers it. */
  price(summary: RunSummary): RunCost {
    const cost = costRun(summary);
    this.rollup.add({ summary, cost });
    return cost;
  }

  /** After a run was printed: the periodic rollup. */
  afterRun(updated: boolean): void {
    if (updated || this.opts.rollupEvery <= 0) return;
    if (++this.newRuns % this.opts.rollupEvery === 0) this.printRollup();
  }

  printRollup(): void {
    const r = this.rollup.rollup();
    if (this.opts.json) this.write(JSON.stringify({ type: 'rollup', priceTable: PRICE_TABLE, ...r }));
    else this.write(formatRollup(r) + '\n');
  }

  /** At the end: the rollup, the budgets, --out. Returns 1 when a run went over its budget. */
  finish(): number {
    this.printRollup();
    let code = 0;
    if (this.opts.budgets.length) {
      const report = checkBudgets(this.opts.budgets, this.rollup.all());
      if (this.opts.json) this.write(JSON.stringify({ type: 'budget', budgets: this.opts.budgets, ...report }));
      else this.write(formatBudgets(report) + '\n');
      process.stderr.write(budgetVerdict(report) + '\n');
      code = report.ok ? 0 : 1;
    }
    if (this.opts.outFile) {
      try {
        fs.writeFileSync(this.opts.outFile, this.rollup.all().map((r) => JSON.stringify(runRecord(r)) + '\n').join(''));
      } catch (err) {
        process.stderr.write(`botanu-agent dev: cannot write --out ${this.opts.outFile} (${(err as Error).message})\n`);
        code ||= 1;
      }
    }
    return code;
  }
}
