// One run as a block of text, for people watching `botanu-agent dev`.
import type { RunSummary } from './run-summary';
import { callCostSuffix, runCostText, type RunCost } from './cost/run-cost';

const MAX_ERRORS = 3;

function tokens(input?: number, output?: number, cached?: number): string {
  const f = (n?: number) => (n === undefined ? '?' : String(n));
  return `${f(input)} in / ${f(output)} out / ${f(cached)} cached`;
}

export function formatRunBlock(r: RunSummary, updated = false, cost?: RunCost): string {
  const lines: string[] = [];
  lines.push(`── run ${r.workflow} ${r.runId}${r.partial ? ' (partial)' : ''}${updated ? ' (updated: late spans arrived)' : ''}`);
  if (r.partial) lines.push(`   partial   only what ${r.services.join(', ')} exported here; the entry service's botanu.run/<workflow> span did not arrive (is it exporting elsewhere?)`);
  lines.push(`   outcome   ${r.outcome}   duration ${r.durationMs} ms${r.partial ? ' (of the spans seen)' : ''}`);
  lines.push(`   customer  ${r.customerId || '-'}   event ${r.eventId || '-'}${r.parentRunId ? `   parent run ${r.parentRunId}` : ''}`);
  lines.push(`   services  ${r.services.join(' → ')} (${r.services.length})   spans ${r.spanCount}`);
  if (r.llmCalls.length === 0) lines.push('   llm       none');
  else {
    lines.push(`   llm       ${r.llmCalls.length} call${r.llmCalls.length > 1 ? 's' : ''}, tokens ${tokens(r.tokens.input, r.tokens.output, r.tokens.cached)}`);
    for (const [i, c] of r.llmCalls.entries()) {
      const reported = c.inputTokens !== undefined || c.outputTokens !== undefined;
      lines.push(`             ${c.model} (${c.service}, via ${c.recordedBy}): ${reported ? tokens(c.inputTokens, c.outputTokens, c.cachedTokens ?? 0) : 'no usage reported'}${callCostSuffix(c, cost?.calls[i])}`);
    }
  }
  if (cost) lines.push(`   cost      ${runCostText(cost)}`);
  lines.push(`   retries   ${r.retries.count}${r.retries.count ? ` (${r.retries.requests.join('; ')})` : ''}`);
  if (r.errors.length === 0) lines.push('   errors    none');
  else {
    lines.push(`   errors    ${r.errors.length}`);
    for (const e of r.errors.slice(0, MAX_ERRORS)) lines.push(`             ${e.service}: ${e.span}${e.message ? ` — ${e.message}` : ''}`);
    if (r.errors.length > MAX_ERRORS) lines.push(`             … ${r.errors.length - MAX_ERRORS} more`);
  }
  return lines.join('\n');
}
