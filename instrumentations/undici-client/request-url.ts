// The URL attributes of an undici request (url.full, url.path, url.query,
// url.scheme, server.address, server.port) exactly as WHATWG `new URL(path,
// origin)` gives them, without parsing a URL per request: an origin is parsed
// once (and remembered), and a path made only of characters the URL parser
// leaves as they are is appended to it. Anything else (an origin that is not
// in its normalised form, a path with characters the parser would encode or
// dot segments it would resolve, an absolute-form path) takes the parser.

import { isPlainPath } from '../http/plain-path';

export interface RequestUrl {
  full: string;
  path: string;
  query: string;
  scheme: string;
  address: string;
  /** The port, or the scheme's default; undefined for other schemes. */
  port: number | undefined;
}

interface Origin {
  scheme: string;
  address: string;
  port: number | undefined;
}

const SCHEME_PORTS: Record<string, string | undefined> = { https: '443', http: '80' };

// A query the parser copies unchanged: no character of its percent-encode sets
// (C0, space, ", #, <, >, `, {, }, and ' in a special scheme's query), no
// backslash, no tab or newline, nothing non-ASCII. (The path: isPlainPath.)
const SAFE_QUERY = /^[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/;

// origin string → its parts, or null when it must go through the parser.
const origins = new Map<string, Origin | null>();
const MAX_ORIGINS = 512;

function originOf(origin: string): Origin | null {
  let o = origins.get(origin);
  if (o !== undefined) return o;
  o = null;
  try {
    const u = new URL(origin);
    // Only an origin already in the parser's own form (no path, default port left out, lower case, …).
    if (u.origin === origin && (u.protocol === 'http:' || u.protocol === 'https:')) {
      const scheme = u.protocol.slice(0, -1);
      const port = u.port || SCHEME_PORTS[scheme];
      o = { scheme, address: u.hostname, port: port && !isNaN(Number(port)) ? Number(port) : undefined };
    }
  } catch {
    o = null;
  }
  if (origins.size >= MAX_ORIGINS) origins.clear();
  origins.set(origin, o);
  return o;
}

/** What `new URL(path, origin)` gives, read the way the upstream undici instrumentation reads it. */
function parsed(path: unknown, origin: unknown): RequestUrl {
  const u = new URL(path as string, origin as string);
  const scheme = u.protocol.replace(':', '');
  const port = u.port || SCHEME_PORTS[scheme];
  return { full: u.toString(), path: u.pathname, query: u.search, scheme, address: u.hostname, port: port && !isNaN(Number(port)) ? Number(port) : undefined };
}

/** The request's URL attributes; throws when the URL parser would (the request then gets no span). */
export function requestUrl(path: unknown, origin: unknown): RequestUrl {
  if (typeof origin !== 'string' || typeof path !== 'string') return parsed(path, origin);
  const o = originOf(origin);
  if (o === null) return parsed(path, origin);
  const q = path.indexOf('?');
  const pathPart = q < 0 ? path : path.slice(0, q);
  if (!isPlainPath(pathPart)) return parsed(path, origin);
  let query = '';
  if (q >= 0) {
    query = path.slice(q);
    if (!SAFE_QUERY.test(query)) return parsed(path, origin);
    if (query.length === 1) query = ''; // a lone '?': URL.search is empty, href keeps the '?'
  }
  return { full: origin + path, path: pathPart, query, scheme: o.scheme, address: o.address, port: o.port };
}
