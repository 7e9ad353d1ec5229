// The cost rollup as two aligned tables (by workflow, by customer) for people
// watching `botanu-agent dev` or reading a CI log.
import { PRICE_TABLE } from './price-table';
import type { Rollup, RollupRow } from './rollup';
import { formatUsd } from './usd';

function table(title: string, rows: RollupRow[]): string[] {
  const head = [title, 'runs', 'llm calls', 'tokens in / out / cached', 'cost', 'p50/run', 'p95/run', 'unpriced calls'];
  const cells = rows.map((r) => [
    r.key,
    String(r.runs),
    String(r.llmCalls),
    `${r.tokens.input} / ${r.tokens.output} / ${r.tokens.cached}`,
    formatUsd(r.usd),
    formatUsd(r.p50Usd),
    formatUsd(r.p95Usd),
    String(r.unpricedCalls),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Names left-aligned, figures right-aligned.
  const line = (c: string[]) => `   ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ')}`.trimEnd();
  return [line(head), ...cells.map(line)];
}

export function formatRollup(r: Rollup): string {
  const lines = [`── cost rollup: ${r.runs} run${r.runs === 1 ? '' : 's'}, ${r.llmCalls} LLM call${r.llmCalls === 1 ? '' : 's'}, ${formatUsd(r.usd)}${r.unpricedCalls ? ` + ${r.unpricedCalls} unpriced` : ''} (prices: ${PRICE_TABLE.package} ${PRICE_TABLE.version})`];
  if (r.runs === 0) return [...lines, '   no runs received'].join('\n');
  lines.push(...table('workflow', r.byWorkflow), '', ...table('customer', r.byCustomer));
  return lines.join('\n');
}
