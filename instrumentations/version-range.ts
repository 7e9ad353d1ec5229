// The one version checker, at startup and in the CLI: does an installed version
// fall in a range from supported-versions.ts? Just enough of semver for those
// ranges: comparator sets (">=4.0.0 <8"), caret ("^1.0.0") and x-ranges ("1.x"),
// joined by "||". Prerelease tags are ignored (5.0.0-rc.1 counts as 5.0.0). An
// unparseable range answers undefined, so the caller says nothing rather than guess.

type Version = [number, number, number];

function parse(v: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** One comparator, or undefined when it cannot be read. Caret and x-ranges become a [low, high) pair. */
function test(v: Version, c: string): boolean | undefined {
  const x = /^(\d+)(?:\.(\d+))?\.[xX*]$|^(\d+)\.[xX*](?:\.[xX*])?$/.exec(c);
  if (x) {
    const major = Number(x[1] ?? x[3]);
    if (x[2] === undefined) return v[0] === major;
    return v[0] === major && v[1] === Number(x[2]);
  }
  if (c.startsWith('^')) {
    const b = parse(c.slice(1));
    if (!b) return undefined;
    const high: Version = b[0] > 0 ? [b[0] + 1, 0, 0] : b[1] > 0 ? [0, b[1] + 1, 0] : [0, 0, b[2] + 1];
    return compare(v, b) >= 0 && compare(v, high) < 0;
  }
  const m = /^(>=|<=|>|<|=)?(.+)$/.exec(c);
  const bound = m && parse(m[2]);
  if (!m || !bound) return undefined;
  const d = compare(v, bound);
  const op = m[1] ?? '=';
  return op === '>=' ? d >= 0 : op === '>' ? d > 0 : op === '<=' ? d <= 0 : op === '<' ? d < 0 : d === 0;
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
      const r = test(v, c);
      if (r === undefined) return undefined;
      ok &&= r;
    }
    any ||= ok;
  }
  return any;
}
