// Global fetch and undici client spans, on undici's diagnostics channels (Node's
// bundled undici and the undici package 5–8 publish on the same names). The
// spans are those @opentelemetry/instrumentation-undici 0.34 makes (same scope,
// name, kind, attributes, status, events, propagation, duration metric when the
// app has a meter provider), with the agent's attempt marking folded in, made
// for a fraction of its cost: the URL is parsed once per origin
// (request-url.ts), the request headers are read in one pass without building
// a map, and no closure, entry array or WeakMap entry is made per request.
//
// Each handler runs inside undici's publish(): a throw there would surface as an
// uncaught exception, so every handler is guarded.
import { SpanKind, SpanStatusCode, ValueType, context, createNoopMeter, propagation, trace, type Attributes, type Histogram, type Span } from '@opentelemetry/api';
import { hrTime, hrTimeDuration, hrTimeToMilliseconds } from '@opentelemetry/core';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import diagch = require('node:diagnostics_channel');
import type { Socket } from 'node:net';
import { normalizeMethod } from '../http/method';
import { peerOf } from '../http/peer';
import { recordAttemptOutcome, recordAttemptStart } from '../retry/attempt-recorder';
import { AWS_SDK_REQUEST_HEADER, STAINLESS_RETRY_COUNT_HEADER } from '../retry/attempt-markers';
import { undiciHeader } from '../retry/undici-attempts';
import { requestUrl } from './request-url';
import { toLowerCase, startSpanOwningAttributes } from '../../agent/for-instrumentations';

// The upstream instrumentation's scope, kept so that spans stay as they were.
export const UNDICI_SCOPE_NAME = '@opentelemetry/instrumentation-undici';
export const UNDICI_SCOPE_VERSION = '0.34.0';

/** The parts of undici's Request read here (undici 5: headers is a raw block; 6+: a flat array). */
interface UndiciRequest {
  method?: string;
  origin?: unknown;
  path?: unknown;
  headers?: string | unknown[];
  addHeader?: (name: string, value: string) => unknown;
}

interface RecordOf {
  span: Span;
  /** Kept only while the duration histogram records (an app meter provider). */
  attributes?: Attributes;
  startTime?: [number, number];
}

const RECORD = Symbol('botanu.undici.span');
type Tracked = UndiciRequest & { [RECORD]?: RecordOf };

/** What the request headers say that the span needs, in one pass over undici's flat array. */
interface HeaderFacts {
  userAgent: unknown;
  stainless?: string;
  aws?: string;
}

function lowerIs(k: string, name: string): boolean {
  return k === name || (k.length === name.length && toLowerCase(k) === name);
}

function arrayHeaderFacts(h: unknown[]): HeaderFacts {
  let userAgent: unknown;
  let stainless: string | undefined;
  let aws: string | undefined;
  for (let i = 0; i < h.length; i += 2) {
    const k = h[i];
    if (typeof k !== 'string') continue;
    if (lowerIs(k, 'user-agent')) userAgent = h[i + 1]; // the last one, as upstream's header map keeps
    else if (stainless === undefined && lowerIs(k, STAINLESS_RETRY_COUNT_HEADER)) stainless = firstValue(h[i + 1]);
    else if (aws === undefined && lowerIs(k, AWS_SDK_REQUEST_HEADER)) aws = firstValue(h[i + 1]);
  }
  return { userAgent, stainless, aws };
}

function firstValue(v: unknown): string {
  return String(Array.isArray(v) ? v[0] : v);
}

/** undici 5's raw "name: value\r\n" block: the last user-agent (upstream's reading), the markers by pattern. */
function rawHeaderFacts(request: UndiciRequest, h: string): HeaderFacts {
  const agents: string[] = [];
  for (const line of h.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === 10 && line.slice(0, 10).toLowerCase() === 'user-agent') agents.push(line.slice(11).trim());
  }
  // Upstream's map holds one value as a string (kept when not empty) and several as an array (always kept).
  const userAgent = agents.length > 1 ? agents : agents[0];
  const view = request as { headers?: string };
  return { userAgent, stainless: undiciHeader(view, STAINLESS_RETRY_COUNT_HEADER), aws: undiciHeader(view, AWS_SDK_REQUEST_HEADER) };
}

function headerFacts(request: UndiciRequest): HeaderFacts {
  const h = request.headers;
  if (Array.isArray(h)) return arrayHeaderFacts(h);
  if (typeof h === 'string' && h.length > 0) return rawHeaderFacts(request, h);
  return { userAgent: undefined };
}

function isAbort(error: { name?: unknown; code?: unknown }): boolean {
  return error.name === 'AbortError' || (typeof DOMException !== 'undefined' && error instanceof DOMException && error.code === DOMException.ABORT_ERR);
}

const METRIC_KEYS = ['http.response.status_code', 'http.request.method', 'server.address', 'server.port', 'url.scheme', 'error.type', 'network.protocol.version'];

export class UndiciClientInstrumentation extends InstrumentationBase {
  // `declare`: set from the base constructor (enable(), _updateMetricInstruments()), which runs before field initialisers would.
  declare private subscribed: [string, (message: unknown) => void][] | undefined;
  declare private duration: Histogram | undefined;

  constructor() {
    super(UNDICI_SCOPE_NAME, UNDICI_SCOPE_VERSION, {});
  }

  protected init() {
    return [];
  }

  protected override _updateMetricInstruments(): void {
    // The agent has no meter provider: with the api's no-op meter nothing is computed for metrics.
    this.duration =
      this.meter === createNoopMeter()
        ? undefined
        : this.meter.createHistogram('http.client.request.duration', {
            description: 'Measures the duration of outbound HTTP requests.',
            unit: 's',
            valueType: ValueType.DOUBLE,
            advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
          });
  }

  override enable(): void {
    super.enable();
    const subscribed = (this.subscribed ??= []);
    if (subscribed.length > 0) return;
    const on = (name: string, fn: (message: never) => void) => {
      const handler = (message: unknown) => {
        try {
          fn.call(this, message as never);
        } catch {
          /* never into the app's request */
        }
      };
      diagch.subscribe(name, handler);
      subscribed.push([name, handler]);
    };
    on('undici:request:create', this.onRequestCreated);
    on('undici:client:sendHeaders', this.onRequestHeaders);
    on('undici:request:headers', this.onResponseHeaders);
    on('undici:request:trailers', this.onDone);
    on('undici:request:error', this.onError);
  }

  override disable(): void {
    super.disable();
    for (const [name, handler] of this.subscribed ?? []) diagch.unsubscribe(name, handler);
    if (this.subscribed) this.subscribed.length = 0;
  }

  private onRequestCreated({ request }: { request: Tracked }): void {
    if (!request || request.method === 'CONNECT') return;
    const startTime = this.duration ? hrTime() : undefined;
    let url;
    try {
      url = requestUrl(request.path, request.origin);
    } catch {
      return; // upstream: no url.full, no span
    }
    const original = request.method as string;
    const method = normalizeMethod(original);
    const attributes: Attributes = {
      'http.request.method': method,
      'http.request.method_original': original,
      'url.full': url.full,
      'url.path': url.path,
      'url.query': url.query,
      'url.scheme': url.scheme,
      'server.address': url.address,
    };
    if (url.port !== undefined) attributes['server.port'] = url.port;
    const facts = headerFacts(request);
    const ua = facts.userAgent;
    if (ua) attributes['user_agent.original'] = Array.isArray(ua) ? ua[ua.length - 1] : (ua as string);

    const ctx = context.active();
    const name = method === '_OTHER' ? 'HTTP' : method;
    // The duration metric reads these attributes at the end: the span gets its own copy then.
    const span = this.duration ? this.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, ctx) : startSpanOwningAttributes(this.tracer, name, { kind: SpanKind.CLIENT, attributes }, ctx);
    try {
      recordAttemptStart(span, ctx, (name) => (name === STAINLESS_RETRY_COUNT_HEADER ? facts.stainless : name === AWS_SDK_REQUEST_HEADER ? facts.aws : undefined));
    } catch {
      /* attempt marking only */
    }
    request[RECORD] = this.duration ? { span, attributes, startTime } : { span };

    const added: Record<string, string> = {};
    propagation.inject(trace.setSpan(ctx, span), added);
    for (const k in added) {
      const v = added[k];
      if (typeof request.addHeader === 'function') request.addHeader(k, v);
      else if (typeof request.headers === 'string') request.headers += `${k}: ${v}\r\n`;
      else if (Array.isArray(request.headers)) request.headers.push(k, v);
    }
  }

  private onRequestHeaders({ request, socket }: { request: Tracked; socket: { remoteAddress?: string; remotePort?: number; alpnProtocol?: unknown } }): void {
    const record = request?.[RECORD];
    if (!record) return;
    const { span } = record;
    const protocol = socket.alpnProtocol === 'h2' ? '2' : '1.1';
    // Read without Node caching it on the socket (instrumentations/http/peer.ts); a socket
    // that is not a net.Socket (a custom connector's) answers through its own getters.
    let { address, port } = peerOf(socket as unknown as Socket);
    if (address === undefined) ({ remoteAddress: address, remotePort: port } = socket);
    span.setAttribute('network.peer.address', address as string);
    span.setAttribute('network.peer.port', port as number);
    span.setAttribute('network.protocol.version', protocol);
    if (record.attributes) {
      record.attributes['network.peer.address'] = address;
      record.attributes['network.peer.port'] = port;
      record.attributes['network.protocol.version'] = protocol;
    }
  }

  private onResponseHeaders({ request, response }: { request: Tracked; response: { statusCode: number } }): void {
    const record = request?.[RECORD];
    if (!record) return;
    const { span } = record;
    const status = response.statusCode;
    const isError = status >= 400;
    try {
      if (typeof status === 'number') recordAttemptOutcome(span, status);
    } catch {
      /* attempt marking only */
    }
    span.setAttribute('http.response.status_code', status);
    if (isError) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (record.attributes) {
      record.attributes['http.response.status_code'] = status;
      if (isError) record.attributes['error.type'] = String(status);
    }
  }

  private onDone({ request }: { request: Tracked }): void {
    const record = request?.[RECORD];
    if (!record) return;
    request[RECORD] = undefined;
    record.span.end();
    this.recordDuration(record);
  }

  private onError({ request, error }: { request: Tracked; error: Error & { code?: string | number } }): void {
    const record = request?.[RECORD];
    if (!record) return;
    request[RECORD] = undefined;
    const { span } = record;
    try {
      recordAttemptOutcome(span, undefined);
    } catch {
      /* attempt marking only */
    }
    if (isAbort(error)) span.end();
    else {
      const errorType = (error.code || error.name || 'Error') as string;
      if (record.attributes) record.attributes['error.type'] = errorType;
      span.setAttribute('error.type', errorType);
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.end();
    }
    this.recordDuration(record);
  }

  private recordDuration(record: RecordOf): void {
    const { attributes, startTime } = record;
    if (!this.duration || !attributes || !startTime) return;
    const metricAttributes: Attributes = {};
    for (const key of METRIC_KEYS) if (key in attributes) metricAttributes[key] = attributes[key];
    this.duration.record(hrTimeToMilliseconds(hrTimeDuration(startTime, hrTime())) / 1000, metricAttributes);
  }
}
