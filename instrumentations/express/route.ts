// The route of a request so far, from the paths of the layers it is in (outermost
// first): what @opentelemetry/instrumentation-express names spans with and puts in
// `http.route`. Two readings of the same path list:
// - constructed: the paths joined, without the ones that add nothing ('/', '/*',
//   express 5's catch-all '/{*name}'), runs of '/' made one; a lone '*' stays '*';
// - matched (http.route): the constructed route when it can be the route of this
//   URL: it must be a pattern (':' or '*'), or the URL must start with it; a list
//   of only '/' paths is the route '/' of the URL '/' alone; patterns express
//   builds from arrays, regular expressions or globs ('/a,/b', '\\d', '*', '[')
//   are given as they are.
// Written to allocate nothing for the common case of one or two paths.

const CATCH_ALL = /^\/\{[*][^}]*\}$/;

function addsNothing(path: string): boolean {
  return path === '/' || path === '/*' || (path.length > 3 && path.charCodeAt(1) === 123 /* { */ && CATCH_ALL.test(path));
}

export function constructedRoute(paths: readonly string[]): string {
  let out = '';
  let count = 0;
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i];
    if (addsNothing(p)) continue;
    out = count === 0 ? p : out + p;
    count++;
  }
  if (count === 1 && out === '*') return '*';
  return out.includes('//') ? out.replace(/\/{2,}/g, '/') : out;
}

export function matchedRoute(paths: readonly string[], constructed: string, req: { originalUrl?: unknown }): string | undefined {
  if (paths.length === 0) return undefined;
  let onlySlash = true;
  for (let i = 0; i < paths.length; i++) {
    if (paths[i] !== '/') {
      onlySlash = false;
      break;
    }
  }
  if (onlySlash) return req.originalUrl === '/' ? '/' : undefined;
  if (constructed === '*') return constructed;
  if (constructed.includes('/') && (constructed.includes(',') || constructed.includes('\\') || constructed.includes('*') || constructed.includes('['))) return constructed;
  const route = constructed.charCodeAt(0) === 47 /* / */ ? constructed : `/${constructed}`;
  if (route.includes(':') || route.includes('*')) return route;
  const url = req.originalUrl;
  return typeof url === 'string' && url.startsWith(route) ? route : undefined;
}
