// Medians and ratios: medians because the machine is shared and single runs are noisy.
export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function ratio(x, base) {
  return Number.isFinite(x) && Number.isFinite(base) && base !== 0 ? x / base : NaN;
}

export const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
export const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

/** A markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

/**
 * Median of per-round ratios x[i] / base[i]: runs of one round are adjacent in
 * time, so a ratio within a round cancels the machine's drift between rounds.
 */
export function pairedRatio(xs, bases) {
  const n = Math.min(xs.length, bases.length);
  const r = [];
  for (let i = 0; i < n; i++) r.push(ratio(xs[i], bases[i]));
  return median(r);
}
