// Where spans go: the destinations read from the OTLP exporter variables and
// BOTANU_COLLECTOR_ENDPOINT / BOTANU_API_KEY (transport, URL, headers, TLS files),
// and the rules that keep the API key on trusted hosts and one collector from
// being named twice. Part of the configuration read once by loadConfig.
import fs = require('node:fs');
import type { EnvReader } from './env';

export const BOTANU_CLOUD_ENDPOINT = 'https://ingest.botanu.ai';
const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';

export type Protocol = 'http/protobuf' | 'http/json' | 'grpc';
export const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

export interface Destination {
  /** `botanu`: every recorded span (100%). `otlp`: the app's standard pipeline, sampled spans only. */
  role: 'botanu' | 'otlp';
  kind: 'otlp' | 'console';
  url: string;
  protocol: Protocol;
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  timeoutMs: number;
  /** PEM contents from OTEL_EXPORTER_OTLP_CERTIFICATE / _CLIENT_KEY / _CLIENT_CERTIFICATE (https and gRPC over TLS). */
  tls?: TlsFiles;
}

export interface TlsFiles {
  ca?: string;
  key?: string;
  cert?: string;
}

/** Hosts the API key may be sent to: botanu's own, or a collector on this machine. */
export function isTrustedForApiKey(url: string): boolean {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return true;
    return u.protocol === 'https:' && (host === 'botanu.ai' || host.endsWith('.botanu.ai'));
  } catch {
    return false;
  }
}

function tracesUrl(base: string): string {
  return /\/v1\/traces\/?$/.test(base) ? base : base.replace(/\/+$/, '') + '/v1/traces';
}

export function readDestinations(r: EnvReader): Destination[] {
  const exporters = new Set<string>();
  for (const e of r.list('OTEL_TRACES_EXPORTER') ?? ['otlp']) {
    const l = e.toLowerCase();
    if (['otlp', 'console', 'none'].includes(l)) exporters.add(l);
    else r.warnings.push(`OTEL_TRACES_EXPORTER: unknown exporter ${JSON.stringify(e.slice(0, 50))} (supported: otlp, console, none); ignoring it`);
  }
  if (exporters.size === 0) exporters.add('otlp');
  if (exporters.has('none')) exporters.clear();

  // OTEL_EXPORTER_OTLP_TRACES_X wins over OTEL_EXPORTER_OTLP_X whenever it is set.
  const otlpVar = (x: string) => (r.raw(`OTEL_EXPORTER_OTLP_TRACES_${x}`) !== undefined ? `OTEL_EXPORTER_OTLP_TRACES_${x}` : `OTEL_EXPORTER_OTLP_${x}`);
  const protocol = r.oneOf(otlpVar('PROTOCOL'), PROTOCOLS, 'http/protobuf');
  const compression = r.oneOf(otlpVar('COMPRESSION'), ['gzip', 'none'] as const, 'none');
  const timeoutMs = r.int(otlpVar('TIMEOUT'), 10000, 1, 600_000);
  const otlpHeaders = { ...r.keyValues('OTEL_EXPORTER_OTLP_HEADERS'), ...r.keyValues('OTEL_EXPORTER_OTLP_TRACES_HEADERS') };
  const tls = readTlsFiles(r, otlpVar);
  // gRPC endpoints are used as given (no /v1/traces); one without a scheme is TLS
  // unless OTEL_EXPORTER_OTLP_INSECURE=true (the spec's rule).
  const grpc = protocol === 'grpc';
  const insecure = grpc ? r.bool(otlpVar('INSECURE'), false) : false;
  const schemeless = grpc ? (insecure ? 'http:' : 'https:') : undefined;
  const endpointUrl = (base: string, p: Protocol) => (p === 'grpc' ? base : tracesUrl(base));

  const apiKey = r.str('BOTANU_API_KEY');
  // The botanu collector speaks HTTP unless told otherwise: OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  // describes the app's endpoint (e.g. the Operator's 4317), not botanu's.
  const botanuProtocol = r.oneOf('BOTANU_COLLECTOR_PROTOCOL', PROTOCOLS, grpc ? 'http/protobuf' : protocol);
  const botanuEndpoint = r.url('BOTANU_COLLECTOR_ENDPOINT', botanuProtocol === 'grpc' ? 'https:' : undefined);
  const tracesEndpoint = r.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', schemeless);
  const baseEndpoint = r.url('OTEL_EXPORTER_OTLP_ENDPOINT', schemeless);
  const otlpUrl = tracesEndpoint ?? (baseEndpoint ? endpointUrl(baseEndpoint, protocol) : undefined);

  const out: Destination[] = [];
  const common = { kind: 'otlp' as const, protocol, compression, timeoutMs, ...(tls ? { tls } : {}) };
  const withKey = (url: string, headers: Record<string, string>) => {
    if (!apiKey) return { headers };
    if (!isTrustedForApiKey(url)) {
      r.warnings.push(`BOTANU_API_KEY is set but the destination ${new URL(url).host} is neither botanu.ai (https) nor this machine; the key will not be sent there`);
      return { headers };
    }
    return { headers: { ...headers, authorization: `Bearer ${apiKey}` } };
  };

  const botanuUrl = botanuEndpoint ? endpointUrl(botanuEndpoint, botanuProtocol) : apiKey ? tracesUrl(BOTANU_CLOUD_ENDPOINT) : undefined;
  if (botanuUrl) {
    // A separate botanu destination: 100% of recorded spans go there; the app's own
    // OTLP endpoint (when one is configured) keeps receiving only its sampled share.
    // Both naming one collector: one destination (botanu's 100% includes the sampled
    // share), else that collector would receive every span twice. The app already
    // sends its OTLP headers there, so they go along.
    const same = otlpUrl !== undefined && exporters.has('otlp') && sameCollector(botanuUrl, otlpUrl);
    // The OTLP certificate settings describe the user's collectors; botanu's cloud endpoint keeps Node's public roots.
    const botanuTls = botanuEndpoint ? common : { ...common, tls: undefined };
    out.push({ role: 'botanu', ...botanuTls, protocol: botanuProtocol, url: botanuUrl, ...withKey(botanuUrl, same ? otlpHeaders : {}) });
    if (otlpUrl && exporters.has('otlp') && !same) out.push({ role: 'otlp', ...common, url: otlpUrl, headers: otlpHeaders });
  } else if (exporters.has('otlp')) {
    const url = otlpUrl ?? (grpc ? DEFAULT_OTLP_GRPC_ENDPOINT : tracesUrl(DEFAULT_OTLP_ENDPOINT));
    out.push({ role: 'botanu', ...common, url, ...withKey(url, otlpHeaders) });
  }
  if (exporters.has('console')) out.push({ role: 'botanu', kind: 'console', url: 'stdout', protocol, headers: {}, compression: 'none', timeoutMs });
  return out;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** True when two traces URLs reach the same collector (scheme, host, port, path; any loopback name is one host). */
export function sameCollector(a: string, b: string): boolean {
  const key = (url: string) => {
    const u = new URL(url);
    const host = LOOPBACK.test(u.hostname) ? 'loopback' : u.hostname.toLowerCase();
    return `${u.protocol}//${host}:${u.port}${u.pathname.replace(/\/+$/, '')}`;
  };
  try {
    return key(a) === key(b);
  } catch {
    return false;
  }
}

/** The PEM files named by OTEL_EXPORTER_OTLP_CERTIFICATE / _CLIENT_KEY / _CLIENT_CERTIFICATE; an unreadable one warns and is left out. */
function readTlsFiles(r: EnvReader, otlpVar: (x: string) => string): TlsFiles | undefined {
  const out: TlsFiles = {};
  for (const [field, x] of [['ca', 'CERTIFICATE'], ['key', 'CLIENT_KEY'], ['cert', 'CLIENT_CERTIFICATE']] as const) {
    const name = otlpVar(x);
    const file = r.str(name);
    if (!file) continue;
    try {
      out[field] = fs.readFileSync(file, 'utf8');
    } catch (err) {
      r.warnings.push(`${name}: cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ignoring it`);
    }
  }
  if ((out.key === undefined) !== (out.cert === undefined) && (out.key ?? out.cert)) {
    r.warnings.push(`${otlpVar('CLIENT_KEY')} and ${otlpVar('CLIENT_CERTIFICATE')} go together; ignoring the one that is set alone`);
    delete out.key;
    delete out.cert;
  }
  return Object.keys(out).length ? out : undefined;
}
