// How dollar amounts read in `botanu-agent dev`: LLM calls cost fractions of a
// cent, so three significant digits below $1 ($0.0000312), cents above.
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  const sign = usd < 0 ? '-' : '';
  const a = Math.abs(usd);
  if (a >= 1) return `${sign}$${a.toFixed(2)}`;
  const digits = Math.min(20, 2 - Math.floor(Math.log10(a)));
  const fixed = Number(a.toPrecision(3)).toFixed(digits);
  return `${sign}$${fixed.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
