// The attributes of an HTTP server span, as @opentelemetry/instrumentation-http
// 0.301 set them (stable HTTP semantic conventions), computed without its
// per-request URL objects where the request line is plain: a path of ordinary
// characters under a well-formed Host header reads the same as the WHATWG URL
// parser would give it (test/http-attributes.test.ts compares both on many
// inputs); anything else goes through `new URL` exactly as upstream did.
import type { Attributes } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { normalizeMethod } from './method';
import { peerOf } from './peer';
import { isPlainPath } from './plain-path';
import { indexOf, slice } from '../../agent/for-instrumentations';

interface HostPort {
  host: string;
  port?: string;
}

/** A Host (or forwarded host) header's host and port; the default port of `proto` when it names none. */
export function parseHostHeader(header: string, proto?: string): HostPort {
  const first = indexOf(header, ':');
  if (first === -1) {
    if (proto === 'http') return { host: header, port: '80' };
    if (proto === 'https') return { host: header, port: '443' };
    return { host: header };
  }
  if (indexOf(header, ':', first + 1) === -1) return { host: slice(header, 0, first), port: slice(header, first + 1) };
  const parts = header.split(':');
  if (parts[0].startsWith('[')) {
    if (parts[parts.length - 1].endsWith(']')) {
      if (proto === 'http') return { host: header, port: '80' };
      if (proto === 'https') return { host: header, port: '443' };
    } else if (parts[parts.length - 2].endsWith(']')) {
      return { host: parts.slice(0, -1).join(':'), port: parts[parts.length - 1] };
    }
  }
  return { host: header };
}

type Forwarded = { host?: string; proto?: string; for?: string }[];

function forwardedEntries(header: string): Forwarded {
  try {
    return (require('forwarded-parse') as { parse(h: string): Forwarded }).parse(header);
  } catch {
    return [];
  }
}

function serverAddress(headers: IncomingMessage['headers'], component: string): HostPort | undefined {
  const forwarded = headers.forwarded;
  if (forwarded) {
    for (const entry of forwardedEntries(forwarded)) if (entry.host) return parseHostHeader(entry.host, entry.proto);
  }
  const xfh = headers['x-forwarded-host'] as string | string[] | undefined;
  const xfp = headers['x-forwarded-proto'] as string | string[] | undefined;
  const proto = typeof xfp === 'string' ? xfp : Array.isArray(xfp) ? xfp[0] : undefined;
  if (typeof xfh === 'string') return parseHostHeader(xfh, proto);
  if (Array.isArray(xfh) && typeof xfh[0] === 'string' && xfh[0].length > 0) return parseHostHeader(xfh[0], proto);
  const host = headers.host;
  if (typeof host === 'string' && host.length > 0) return parseHostHeader(host, component);
  return undefined;
}

function withoutPort(input: string): string {
  try {
    const { hostname } = new URL(`http://${input}`);
    return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  } catch {
    return input;
  }
}

function clientAddress(headers: IncomingMessage['headers'], peerAddress: string | undefined): string | undefined {
  const forwarded = headers.forwarded;
  if (forwarded) {
    for (const entry of forwardedEntries(forwarded)) if (entry.for) return withoutPort(entry.for);
  }
  const xff = headers['x-forwarded-for'];
  if (xff) {
    const v = typeof xff === 'string' ? xff : Array.isArray(xff) ? xff[0] : undefined;
    if (typeof v === 'string') return withoutPort(v.split(',')[0].trim());
  }
  return peerAddress || undefined;
}

// A Host header the URL parser accepts as it is: DNS-style labels or a dotted
// quad, an optional port up to 65535. Anything else (IPv6, punycode, a last label
// that would be read as a number) takes the parser.
const PLAIN_HOST = /^([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::(\d{1,5}))?$/;
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/i;
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// A server sees the same Host header on nearly every request: the last answer is kept.
let lastHost: string | undefined;
let lastHostPlain = false;

function plainHost(host: string): boolean {
  if (host === lastHost) return lastHostPlain;
  lastHostPlain = checkPlainHost(host);
  lastHost = host;
  return lastHostPlain;
}

function checkPlainHost(host: string): boolean {
  const m = PLAIN_HOST.exec(host);
  if (m === null) return false;
  if (m[2] !== undefined && Number(m[2]) > 65535) return false;
  const name = m[1];
  if (/(?:^|\.)xn--/i.test(name)) return false;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return !NUMERIC_LABEL.test(last) || DOTTED_QUAD.test(name);
}

interface PathQuery {
  pathname?: string;
  search?: string;
}

/** url.path and the raw search of a request, as `new URL(req.url, scheme://host)` reads them (nothing when that throws). */
export function pathAndSearch(url: string | undefined, host: string | undefined, component: string): PathQuery {
  const target = url ?? '/';
  if ((host === undefined || plainHost(host)) && isPlainPath(target)) return { pathname: target, search: '' };
  try {
    const u = new URL(target, `${component}://${host || 'localhost'}`);
    return { pathname: u.pathname, search: u.search };
  } catch {
    return {};
  }
}

/** Attributes of a server span at its start (upstream getIncomingRequestAttributes, no hooks, no redaction list). */
export function incomingRequestAttributes(req: IncomingMessage, component: string): Attributes {
  const headers = req.headers;
  const method = req.method;
  const normalized = normalizeMethod(method);
  const server = serverAddress(headers, component);
  const peer = peerOf(req.socket);
  const hostHeader = headers.host;
  const { pathname, search } = pathAndSearch(req.url, hostHeader ? hostHeader : undefined, component);
  const attributes: Attributes = {
    'http.request.method': normalized,
    'url.scheme': component,
    'server.address': server?.host,
    'network.peer.address': peer.address,
    'network.peer.port': peer.port,
    'network.protocol.version': req.httpVersion,
    'user_agent.original': headers['user-agent'],
  };
  if (pathname != null) attributes['url.path'] = pathname;
  if (search) attributes['url.query'] = new URLSearchParams(search.slice(1)).toString();
  const client = clientAddress(headers, peer.address);
  if (client != null) attributes['client.address'] = client;
  if (server?.port != null) attributes['server.port'] = Number(server.port);
  if (method !== normalized) attributes['http.request.method_original'] = method;
  return attributes;
}
