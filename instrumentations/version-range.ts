// Does an installed library version fall in an instrumentation's declared range?
// Just enough of semver for the ranges in the registry: comparator sets
// (">=4.0.0 <8") joined by "||". An unparseable range answers undefined, so the
// caller says nothing rather than guess.

function parse(v: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function satisfies(version: string, range: string): boolean | undefined {
  const v = parse(version);
  if (!v) return undefined;
  let any = false;
  for (const set of range.split('||')) {
    const comparators = set.trim().split(/\s+/).filter(Boolean);
    if (!comparators.length) return undefined;
    let ok = true;
    for (const c of comparators) {
      const m = /^(>=|<=|>|<|=)?(.+)$/.exec(c);
      const bound = m && parse(m[2]);
      if (!m || !bound) return undefined;
      const d = compare(v, bound);
      const op = m[1] ?? '=';
      ok &&= op === '>=' ? d >= 0 : op === '>' ? d > 0 : op === '<=' ? d <= 0 : op === '<' ? d < 0 : d === 0;
    }
    any ||= ok;
  }
  return any;
}
