// The path a layer was registered on, from the arguments of the call that made
// it (router.use / router.route / app.use), as @opentelemetry/instrumentation-express
// records it: a string as is, a RegExp or number as text, an array as its
// entries' texts joined by ',' (entries of other types as ''); a call without a
// path (router.use(fn)) has none.

function segment(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof RegExp || typeof arg === 'number') return arg.toString();
  return undefined;
}

export function layerPathOf(args: ArrayLike<unknown>): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) {
    let out = '';
    for (let i = 0; i < first.length; i++) out += (i > 0 ? ',' : '') + (segment(first[i]) || '');
    return out;
  }
  return segment(first);
}
