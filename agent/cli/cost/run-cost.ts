// What one run's LLM calls cost: each call priced on its own, the run's total
// the sum of the priced ones. A call whose model the table does not know is
// "unpriced" and counted as such, never added as $0.
import type { RunSummary } from '../run-summary';
import { priceCall, type CallPrice } from './price-table';
import { formatUsd } from './usd';

export interface RunCost {
  /** Sum over the priced calls; a lower bound when unpricedCalls > 0. */
  usd: number;
  pricedCalls: number;
  unpricedCalls: number;
  /** Calls without usage (failed before an answer, or a stream without usage): nothing to price. */
  noUsageCalls: number;
  /** One per RunSummary.llmCalls entry, same order. */
  calls: CallPrice[];
}

export function costRun(r: RunSummary, at?: Date): RunCost {
  const calls = r.llmCalls.map((c) => priceCall(c, at));
  const cost: RunCost = { usd: 0, pricedCalls: 0, unpricedCalls: 0, noUsageCalls: 0, calls };
  for (const c of calls) {
    if (c.status === 'priced') {
      cost.usd += c.usd;
      cost.pricedCalls++;
    } else if (c.status === 'unpriced') cost.unpricedCalls++;
    else cost.noUsageCalls++;
  }
  return cost;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The run's cost line: "$0.0000624 (2 calls priced)", "$0.0000312 + 1 unpriced call (1 call priced)", "unpriced (1 call)". */
export function runCostText(c: RunCost): string {
  const notes: string[] = [];
  if (c.noUsageCalls) notes.push(`${plural(c.noUsageCalls, 'call')} without usage`);
  if (c.pricedCalls === 0 && c.unpricedCalls === 0) return c.calls.length === 0 ? '$0 (no LLM calls)' : `no usage reported (${plural(c.noUsageCalls, 'call')})`;
  if (c.pricedCalls === 0) return `unpriced (${[plural(c.unpricedCalls, 'call'), ...notes].join(', ')})`;
  const main = `${formatUsd(c.usd)}${c.unpricedCalls ? ` + ${plural(c.unpricedCalls, 'unpriced call')}` : ''}`;
  return `${main} (${[`${plural(c.pricedCalls, 'call')} priced`, ...notes].join(', ')})`;
}

/** What follows a call's token counts: its reasoning/cache-write tokens when it had any, and its price. */
export function callCostSuffix(call: RunSummary['llmCalls'][number], price: CallPrice | undefined): string {
  if (!price || price.status === 'no-usage') return '';
  const extra = [call.reasoningTokens ? `${call.reasoningTokens} reasoning` : '', call.cacheWriteTokens ? `${call.cacheWriteTokens} cache write` : ''].filter(Boolean);
  const money = price.status === 'priced' ? formatUsd(price.usd) : `unpriced: ${price.reason}`;
  return `${extra.length ? ` (${extra.join(', ')})` : ''} — ${money}`;
}
