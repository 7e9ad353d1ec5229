// How an http.request()/https.request() call's arguments are read, and the
// attributes of its CLIENT span at the start, as @opentelemetry/instrumentation-http
// 0.301 read and set them (test/http-attributes.test.ts compares both).
import type { Attributes } from '@opentelemetry/api';
import type { RequestOptions } from 'node:http';
import { normalizeMethod } from './method';

export type ParsedOptions = RequestOptions & { pathname?: string; search?: string; href?: string; origin?: string; hash?: string };

interface UrlLike {
  href?: string;
  protocol?: string;
  hostname?: string;
  pathname?: string;
  search?: string;
  port?: string;
  username?: string;
  password?: string;
  auth?: unknown;
  path?: unknown;
}

/** Node's own test for a WHATWG URL passed to http.request (by shape). */
export function isUrlLike(value: unknown): value is UrlLike {
  const v = value as UrlLike | null | undefined;
  return Boolean(v?.href && v.protocol && v.auth === undefined && v.path === undefined);
}

export function isValidOptions(options: unknown): boolean {
  if (!options) return false;
  const t = typeof options;
  return t === 'string' || (t === 'object' && !Array.isArray(options));
}

function fromString(url: string): ParsedOptions {
  const u = new URL(url);
  const options: ParsedOptions = {
    protocol: u.protocol,
    hostname: u.hostname && u.hostname[0] === '[' ? u.hostname.slice(1, -1) : u.hostname,
    hash: u.hash,
    search: u.search,
    pathname: u.pathname,
    path: `${u.pathname || ''}${u.search || ''}`,
    href: u.href,
    origin: u.origin,
    host: u.host,
  };
  if (u.port !== '') options.port = Number(u.port);
  if (u.username || u.password) options.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  return options;
}

export interface RequestInfo {
  method: string;
  options: ParsedOptions;
  invalidUrl: boolean;
}

/** The request's options as one object (a URL string or object turned into options, extra options merged). */
export function requestInfo(options: unknown, extra: object | undefined): RequestInfo {
  let parsed: ParsedOptions;
  let invalidUrl = false;
  if (typeof options === 'string') {
    try {
      parsed = fromString(options);
    } catch {
      invalidUrl = true;
      parsed = { path: options };
    }
    if (extra !== undefined) Object.assign(parsed, extra);
  } else if (isUrlLike(options)) {
    parsed = {
      protocol: options.protocol,
      hostname: typeof options.hostname === 'string' && options.hostname.startsWith('[') ? options.hostname.slice(1, -1) : options.hostname,
      path: `${options.pathname || ''}${options.search || ''}`,
    };
    if (options.port !== '') parsed.port = Number(options.port);
    if (options.username || options.password) parsed.auth = `${options.username}:${options.password}`;
    if (extra !== undefined) Object.assign(parsed, extra);
  } else {
    const o = options as RequestOptions;
    parsed = Object.assign({ protocol: o.host ? 'http:' : undefined }, o);
  }
  const method = parsed.method && typeof parsed.method === 'string' ? parsed.method.toUpperCase() : 'GET';
  return { method, options: parsed, invalidUrl };
}

const HOST_PORT = /^([^:/ ]+)(:\d{1,5})?/;

export function hostnameAndPort(o: ParsedOptions): { hostname: string; port: string | number } {
  const optHostname = typeof o.hostname === 'string' ? o.hostname : undefined;
  const optHost = typeof o.host === 'string' ? o.host : undefined;
  const optPort = typeof o.port === 'string' || typeof o.port === 'number' ? o.port : undefined;
  if (optHostname && optPort) return { hostname: optHostname, port: optPort };
  const m = optHost ? HOST_PORT.exec(optHost) : null;
  const hostname = optHostname || (m === null ? 'localhost' : m[1]);
  let port = optPort;
  if (!port) port = m && m[2] ? m[2].substring(1) : o.protocol === 'https:' ? '443' : '80';
  return { hostname, port };
}

function absoluteUrl(o: ParsedOptions, headers: Record<string, unknown>, fallbackProtocol: string): string {
  const protocol = o.protocol || fallbackProtocol;
  const port = (o.port || '').toString();
  let path: unknown = o.path || '/';
  let host = (typeof o.host === 'string' && o.host) || (typeof o.hostname === 'string' && o.hostname) || (typeof headers.host === 'string' && headers.host) || 'localhost';
  if (host.indexOf(':') === -1 && port && port !== '80' && port !== '443') host += `:${port}`;
  if (typeof path === 'string' && path.includes('?')) {
    try {
      const u = new URL(path, 'http://localhost');
      path = `${u.pathname}?${new URLSearchParams(u.searchParams).toString()}`;
    } catch {
      /* as given */
    }
  }
  return `${protocol}//${o.auth ? 'REDACTED:REDACTED@' : ''}${host}${path as string}`;
}

export function outgoingRequestAttributes(o: ParsedOptions, component: string, hostname: string, port: string | number): Attributes {
  const method = o.method ?? 'GET';
  const normalized = normalizeMethod(method);
  const headers = (o.headers || {}) as Record<string, unknown>;
  const attributes: Attributes = {
    'http.request.method': normalized,
    'server.address': hostname,
    'server.port': Number(port),
    'url.full': absoluteUrl(o, headers, `${component}:`),
    'user_agent.original': headers['user-agent'] as string | undefined,
  };
  if (method !== normalized) attributes['http.request.method_original'] = method;
  return attributes;
}
