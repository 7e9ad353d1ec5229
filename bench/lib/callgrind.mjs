// Reads a callgrind dump: instructions of each function's own (JIT code named
// from V8's --perf-basic-prof map), and optionally who calls one function, with
// the calls' inclusive cost. Used by span-instructions.mjs and app-instructions.mjs.
import * as fs from 'node:fs';

/** `{ self: Map<name, instructions>, callers: Map<name, instructions> }` (callers of `callee`, when given). */
export function readCallgrind(dumpFile, mapFile, callee) {
  const code = [];
  if (mapFile && fs.existsSync(mapFile)) {
    for (const line of fs.readFileSync(mapFile, 'utf8').split('\n')) {
      const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
      if (m) code.push([parseInt(m[1], 16), parseInt(m[2], 16), m[3]]);
    }
    code.sort((a, b) => a[0] - b[0]);
  }
  const nameOf = (raw) => {
    const hex = /^0x([0-9a-f]+)$/.exec(raw);
    if (!hex) return raw.replace(/ \[.*\]$/, '');
    const addr = parseInt(hex[1], 16);
    let lo = 0;
    let hi = code.length - 1;
    let found;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (code[mid][0] <= addr) {
        found = code[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && addr < found[0] + found[1] ? found[2] : '(unnamed JIT code)';
  };
  // Names are compressed: "fn=(12) name" the first time, "fn=(12)" after.
  const names = new Map();
  const named = (key, line) => {
    const m = new RegExp(`^${key}=\\((\\d+)\\)(?: (.*))?$`).exec(line);
    if (!m) return nameOf(line.slice(key.length + 1));
    if (m[2] !== undefined) names.set(m[1], nameOf(m[2]));
    return names.get(m[1]);
  };
  const self = new Map();
  const callers = new Map();
  let fn;
  let cfn;
  let inclusiveNext = false;
  for (const line of fs.readFileSync(dumpFile, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) fn = named('fn', line);
    else if (line.startsWith('cfn=')) cfn = named('cfn', line);
    else if (line.startsWith('calls=')) inclusiveNext = true;
    else if (/^[0-9+*-]/.test(line)) {
      const n = Number(line.split(' ')[1] ?? 0);
      // The line after calls= is the call's inclusive cost, not the caller's own.
      if (inclusiveNext) {
        inclusiveNext = false;
        if (callee !== undefined && cfn === callee) callers.set(fn, (callers.get(fn) ?? 0) + n);
      } else if (fn !== undefined) self.set(fn, (self.get(fn) ?? 0) + n);
    }
  }
  return { self, callers };
}
