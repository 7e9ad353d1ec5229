// String.prototype's methods as plain functions, the way Node's own code calls
// them (its primordials): the agent's per-span and per-request code calls
// `charCodeAt(s, i)`, not `s.charCodeAt(i)`. Why (issue 14): once a library
// changes String.prototype (loading ioredis does), it is a dictionary, and
// where a call site sees strings of several representations (flat, sliced,
// cons, internalized: what attribute values and header strings are), V8's
// optimizing compiler cannot fold the method load and emits a generic
// property lookup for every call. In the express bench app under callgrind:
// ~70 k instructions per request in those lookups from the OTLP encoder and
// the URL redaction; in a loop over 32-char ids, 466 ns per id against 59
// through a bound `call`, which the compiler inlines as it does the method.
// Bound to the originals at load: a later patch of String.prototype does not
// change what the agent runs.
const { call } = Function.prototype;

function uncurry<A extends unknown[], R>(method: (this: string, ...args: A) => R): (s: string, ...args: A) => R {
  return call.bind(method) as unknown as (s: string, ...args: A) => R;
}

export const charCodeAt = uncurry(String.prototype.charCodeAt);
export const indexOf = uncurry(String.prototype.indexOf as (this: string, search: string, position?: number) => number);
export const toLowerCase = uncurry(String.prototype.toLowerCase);
export const slice = uncurry(String.prototype.slice);
