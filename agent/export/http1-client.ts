// The OTLP/HTTP exporter's own HTTP/1.1 client: POSTs over at most two
// keep-alive connections of its own (node:net, node:tls), never through
// node:http. Why (issue 14): a node:http client in the app's process puts its
// ClientRequests, client IncomingMessages and client sockets through the same
// Node functions that serve the app's requests (OutgoingMessage, streams,
// net.Socket writes), and the inline caches there, which had seen only the
// app's shapes, turn megamorphic for every request the app serves: 51 of
// node's per-request property sites in the express bench app went megamorphic
// with an exporter-like node:http client beside it, 10 with the same POSTs on a
// raw socket (V8 --log-ic). It also keeps our requests out of every http
// instrumentation by construction (the app's own SDK, dd-trace's http plugin).
//
// What it speaks: one request at a time per connection; the response framed by
// content-length, chunked transfer-encoding or the connection's close; 1xx
// interim answers skipped; `connection: close` and HTTP/1.0 honoured; an idle
// connection closed before the server's keep-alive timeout (its `keep-alive:
// timeout=N` hint, else 4 s) and never keeping the process alive.
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';
import type { TlsFiles } from '../config/config';

/* eslint-disable @typescript-eslint/no-require-imports */
const net = (): typeof Net => require('node:net');
const tls = (): typeof Tls => require('node:tls');

export interface Http1Answer {
  status: number;
  /** The Retry-After header, as sent. */
  retryAfter?: string;
}

export type Http1Done = (error: Error | undefined, answer?: Http1Answer) => void;

const MAX_CONNECTIONS = 2;
const IDLE_MS = 4000;
const MAX_HEAD_BYTES = 64 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CRLF_CRLF = Buffer.from('\r\n\r\n');

/** The request head for `headers`; throws on a name or value HTTP/1.1 cannot carry (what node:http refuses too). */
export function requestHead(url: URL, headers: Record<string, string>): Buffer {
  let head = `POST ${url.pathname || '/'}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    const v = String(value);
    if (!TOKEN.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
    if (!FIELD_VALUE.test(v)) throw new Error(`invalid value for header ${name}`);
    head += `${name}: ${v}\r\n`;
  }
  return Buffer.from(`${head}connection: keep-alive\r\n\r\n`, 'latin1');
}

type BodyState = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

/** One connection and the one request on it. */
class Connection {
  readonly socket: Net.Socket;
  done: Http1Done | undefined = undefined;
  private buf: Buffer | undefined = undefined;
  private state: BodyState = 'head';
  private left = 0;
  private answer: Http1Answer | undefined = undefined;
  private keepAlive = true;
  private idleMs = IDLE_MS;
  private written = false;
  private error: Error | undefined = undefined;

  constructor(
    socket: Net.Socket,
    private readonly release: (c: Connection, reusable: boolean) => void,
  ) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => (this.error = err));
    socket.on('close', () => this.onClose());
    socket.on('timeout', () => {
      if (this.done === undefined) socket.destroy();
    });
  }

  send(head: Buffer, body: Buffer, written: (() => void) | undefined, done: Http1Done): void {
    this.done = done;
    this.state = 'head';
    this.buf = undefined;
    this.answer = undefined;
    this.written = false;
    this.socket.setTimeout(0);
    this.socket.ref();
    this.socket.cork();
    this.socket.write(head);
    this.socket.write(body, (err) => {
      // Handed to the network only when it was: a write that failed is retried, and may go at exit.
      if (err) return;
      this.written = true;
      written?.();
    });
    this.socket.uncork();
  }

  private settle(error: Error | undefined, answer?: Http1Answer): void {
    const done = this.done;
    this.done = undefined;
    if (done !== undefined) done(error, answer);
  }

  private onClose(): void {
    if (this.done !== undefined) {
      if (this.state === 'until-close' && this.answer !== undefined) this.settle(undefined, this.answer);
      else this.settle(this.error ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    }
    this.release(this, false);
  }

  private onData(chunk: Buffer): void {
    if (this.done === undefined) {
      // Bytes nobody asked for: the connection is out of step.
      this.socket.destroy();
      return;
    }
    let data = this.buf === undefined ? chunk : Buffer.concat([this.buf, chunk]);
    this.buf = undefined;
    try {
      while (data.length > 0 && this.done !== undefined) {
        const rest = this.step(data);
        if (rest === undefined) return;
        data = rest;
      }
      // Bytes after the answer, before any request: the connection is out of step.
      if (data.length > 0) this.socket.destroy();
    } catch (err) {
      this.error = err as Error;
      this.socket.destroy();
    }
  }

  /** Consumes what it can of `data`; the rest to go on with, or undefined when it needs more bytes. */
  private step(data: Buffer): Buffer | undefined {
    switch (this.state) {
      case 'head': {
        const end = data.indexOf(CRLF_CRLF);
        if (end < 0) {
          if (data.length > MAX_HEAD_BYTES) throw new Error('response head too large');
          this.buf = data;
          return undefined;
        }
        this.readHead(data.toString('latin1', 0, end));
        return data.subarray(end + 4);
      }
      case 'length': {
        const n = Math.min(this.left, data.length);
        this.left -= n;
        if (this.left === 0) this.complete();
        return data.subarray(n);
      }
      case 'chunk-size': {
        const eol = data.indexOf('\r\n');
        if (eol < 0) {
          if (data.length > 1024) throw new Error('bad chunk size');
          this.buf = data;
          return undefined;
        }
        const size = parseInt(data.toString('latin1', 0, eol).split(';')[0].trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw new Error('bad chunk size');
        this.left = size;
        this.state = size === 0 ? 'trailers' : 'chunk-data';
        return data.subarray(eol + 2);
      }
      case 'chunk-data': {
        const n = Math.min(this.left, data.length);
        this.left -= n;
        if (this.left === 0) {
          this.state = 'chunk-end';
          this.left = 2;
        }
        return data.subarray(n);
      }
      case 'chunk-end': {
        const n = Math.min(this.left, data.length);
        this.left -= n;
        if (this.left === 0) this.state = 'chunk-size';
        return data.subarray(n);
      }
      case 'trailers': {
        // Trailer fields, if any, then an empty line.
        if (data.length >= 2 && data[0] === 13 && data[1] === 10) {
          this.complete();
          return data.subarray(2);
        }
        const end = data.indexOf(CRLF_CRLF);
        if (end < 0) {
          if (data.length > MAX_HEAD_BYTES) throw new Error('trailers too large');
          this.buf = data;
          return undefined;
        }
        this.complete();
        return data.subarray(end + 4);
      }
      case 'until-close':
        return undefined;
    }
  }

  private readHead(head: string): void {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]);
    if (!m) throw new Error('not an HTTP/1.1 response');
    const status = Number(m[2]);
    let length: number | undefined;
    let chunked = false;
    let connection = '';
    let retryAfter: string | undefined;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(value);
      else if (name === 'connection') connection = value.toLowerCase();
      else if (name === 'retry-after') retryAfter ??= value;
      else if (name === 'keep-alive') {
        const t = /timeout=(\d+)/i.exec(value);
        // Leave a margin before the server's own timeout: a second, as node:http's agent does, or
        // half the hint when it is shorter (Node's server says `timeout=1` by default at 1 s idle).
        if (t) {
          const hint = Number(t[1]) * 1000;
          this.idleMs = Math.max(0, Math.min(IDLE_MS, hint - Math.min(1000, hint / 2)));
        }
      }
    }
    if (status >= 100 && status < 200) return; // interim (100 Continue, 103): the real answer follows
    this.answer = { status, retryAfter };
    this.keepAlive = m[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    if (status === 204 || status === 304) this.complete();
    else if (chunked) this.state = 'chunk-size';
    else if (length !== undefined && Number.isSafeInteger(length) && length >= 0) {
      this.left = length;
      this.state = 'length';
      if (length === 0) this.complete();
    } else {
      this.keepAlive = false;
      this.state = 'until-close';
    }
  }

  private complete(): void {
    const answer = this.answer as Http1Answer;
    this.state = 'head';
    // A server that keeps no idle connection (`timeout=0`) gets a new one each time; one that
    // answered before it had the whole body (413) leaves the connection out of step: closed too.
    const reusable = this.keepAlive && this.written && this.idleMs > 0;
    this.settle(undefined, answer);
    if (!reusable) {
      // Its 'close' releases it (and lets a waiting request go).
      this.socket.destroy();
      return;
    }
    this.socket.unref();
    this.socket.setTimeout(this.idleMs);
    this.release(this, true);
  }
}

/** Keep-alive POSTs to one origin. */
export class Http1Client {
  private readonly idle: Connection[] = [];
  private readonly busy: Connection[] = [];
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly url: URL,
    private readonly tlsFiles?: TlsFiles,
  ) {}

  /** Sends one POST; `done` is called once. Returns how to cancel it (the connection is dropped). */
  post(head: Buffer, body: Buffer, written: (() => void) | undefined, done: Http1Done): () => void {
    let cancelled = false;
    let conn: Connection | undefined;
    const start = () => {
      if (cancelled) return;
      if (this.closed) return done(new Error('exporter shut down'));
      try {
        conn = this.idle.pop();
        // One the server has just closed is on its way out of the pool: not for this request.
        while (conn !== undefined && conn.socket.destroyed) conn = this.idle.pop();
        conn ??= this.connect();
      } catch (err) {
        // A connection that cannot even be opened (a bad address, a transport that throws): not worth a retry.
        return done(Object.assign(err as Error, { cannotConnect: true }));
      }
      this.busy.push(conn);
      conn.send(head, body, written, done);
    };
    if (this.busy.length < MAX_CONNECTIONS) start();
    else this.waiting.push(start);
    return () => {
      cancelled = true;
      if (conn !== undefined && conn.done === done) conn.socket.destroy();
    };
  }

  private connect(): Connection {
    const u = this.url;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const secure = u.protocol === 'https:';
    const port = Number(u.port) || (secure ? 443 : 80);
    const socket = secure
      ? tls().connect({ host, port, servername: net().isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...this.tlsFiles })
      : net().connect({ host, port });
    socket.setNoDelay(true);
    return new Connection(socket, (c, reusable) => this.release(c, reusable));
  }

  private release(c: Connection, reusable: boolean): void {
    const b = this.busy.indexOf(c);
    if (b >= 0) this.busy.splice(b, 1);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    if (reusable && !this.closed) this.idle.push(c);
    const next = this.waiting.shift();
    if (next !== undefined) next();
  }

  /** Closes every connection; requests still open fail. */
  destroy(): void {
    this.closed = true;
    for (const c of [...this.idle, ...this.busy]) c.socket.destroy();
    for (const w of this.waiting.splice(0)) w();
  }
}
