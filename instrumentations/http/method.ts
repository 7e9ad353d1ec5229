// `http.request.method` as the stable HTTP semantic conventions (and the upstream
// http and undici instrumentations) give it: a known method as is or upper-cased,
// anything else `_OTHER` (the original then goes in `http.request.method_original`).
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

export function normalizeMethod(method: string | undefined | null): string {
  if (method == null) return 'GET';
  if (KNOWN_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}
