// Checks an OpenTelemetry Collector configuration the way the collector does when it
// starts (otelcol validate): known top-level sections, component ids `type[/name]`, the
// settings of the components deploy/ uses (unknown keys are errors, as in the collector's
// strict unmarshalling), endpoints that parse, and pipelines that name only defined
// components of the right kind. Components outside the known set are reported, not guessed at.
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const ENV_REF = /\$\{(env:)?[A-Za-z_][A-Za-z0-9_]*\}/g;

const isBool = (v) => typeof v === 'boolean';
const isPosInt = (v) => Number.isInteger(v) && v > 0;
const isPct = (v) => Number.isInteger(v) && v > 0 && v <= 100;
const isDuration = (v) => typeof v === 'string' && DURATION.test(v);
const isStr = (v) => typeof v === 'string' && v.length > 0;

/** host:port as a collector listener or gRPC target takes it. */
export function parseHostPort(v) {
  if (typeof v !== 'string') return undefined;
  const m = v.replace(ENV_REF, 'envvalue').match(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]*):(\d{1,5})$/);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return undefined;
  return { host: m[1], port: Number(m[2]) };
}

function parseUrl(v) {
  try {
    const u = new URL(String(v).replace(ENV_REF, 'envvalue'));
    return ['http:', 'https:'].includes(u.protocol) ? u : undefined;
  } catch {
    return undefined;
  }
}

const TLS_CLIENT = { insecure: isBool, insecure_skip_verify: isBool, ca_file: isStr, cert_file: isStr, key_file: isStr, server_name_override: isStr, min_version: isStr };
const headers = (v) => v && typeof v === 'object' && Object.values(v).every((h) => typeof h === 'string');
const compression = (v) => ['gzip', 'zstd', 'snappy', 'zlib', 'deflate', 'none', ''].includes(v);

/** The component types deploy/ uses, with the settings they accept (a subset of each). */
const KNOWN = {
  receivers: {
    otlp: {
      protocols: (v, err) => {
        if (!v || typeof v !== 'object' || !Object.keys(v).length) return err('protocols: at least one of grpc, http');
        for (const [p, cfg] of Object.entries(v)) {
          if (!['grpc', 'http'].includes(p)) err(`protocols.${p}: unknown protocol`);
          for (const k of Object.keys(cfg ?? {})) if (!['endpoint', 'max_recv_msg_size_mib', 'cors', 'tls', 'include_metadata'].includes(k)) err(`protocols.${p}.${k}: unknown setting`);
          if (cfg?.endpoint !== undefined && !parseHostPort(cfg.endpoint)) err(`protocols.${p}.endpoint ${JSON.stringify(cfg.endpoint)} is not host:port`);
        }
      },
    },
  },
  processors: {
    memory_limiter: { check_interval: isDuration, limit_mib: isPosInt, spike_limit_mib: isPosInt, limit_percentage: isPct, spike_limit_percentage: isPct },
    batch: { timeout: isDuration, send_batch_size: isPosInt, send_batch_max_size: isPosInt, metadata_keys: Array.isArray },
  },
  exporters: {
    otlp: { endpoint: (v) => Boolean(parseHostPort(v) || parseUrl(v)), tls: TLS_CLIENT, headers, compression, timeout: isDuration, sending_queue: () => true, retry_on_failure: () => true },
    otlphttp: { endpoint: (v) => Boolean(parseUrl(v)), traces_endpoint: (v) => Boolean(parseUrl(v)), tls: TLS_CLIENT, headers, compression, timeout: isDuration, sending_queue: () => true, retry_on_failure: () => true },
    debug: { verbosity: (v) => ['basic', 'normal', 'detailed'].includes(v) },
  },
};

function checkSettings(kind, id, type, cfg, errors) {
  const spec = KNOWN[kind][type];
  const err = (m) => errors.push(`${kind}::${id}: ${m}`);
  if (!spec) return err(`component type "${type}" is not one this check knows`);
  for (const [k, v] of Object.entries(cfg ?? {})) {
    const rule = spec[k];
    if (!rule) err(`${k}: unknown setting (the collector rejects it)`);
    else if (typeof rule === 'object') {
      for (const [sk, sv] of Object.entries(v ?? {})) if (!rule[sk]) err(`${k}.${sk}: unknown setting`);
        else if (!rule[sk](sv)) err(`${k}.${sk}: invalid value ${JSON.stringify(sv)}`);
    } else if (rule.length === 2) rule(v, err);
    else if (!rule(v)) err(`${k}: invalid value ${JSON.stringify(v)}`);
  }
  if (type === 'memory_limiter') {
    if (!cfg?.check_interval) err('check_interval is required');
    if (!cfg?.limit_mib && !cfg?.limit_percentage) err('limit_mib or limit_percentage is required');
    if (cfg?.limit_percentage && cfg?.spike_limit_percentage >= cfg.limit_percentage) err('spike_limit_percentage must be below limit_percentage');
  }
  if (type === 'batch' && cfg?.send_batch_max_size && cfg.send_batch_max_size < (cfg.send_batch_size ?? 8192)) err('send_batch_max_size must be >= send_batch_size');
  if (type === 'otlp' && kind === 'exporters' && !cfg?.endpoint) err('endpoint is required');
  if (type === 'otlphttp' && !cfg?.endpoint && !cfg?.traces_endpoint) err('endpoint is required');
}

export function validateCollectorConfig(config) {
  const errors = [];
  const unused = [];
  if (!config || typeof config !== 'object') return { errors: ['config is not a map'], unused };
  for (const k of Object.keys(config)) if (!['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'].includes(k)) errors.push(`unknown top-level section "${k}"`);
  const defined = {};
  for (const kind of ['receivers', 'processors', 'exporters', 'extensions', 'connectors']) {
    defined[kind] = new Set(Object.keys(config[kind] ?? {}));
    for (const id of defined[kind]) {
      const m = id.match(/^([a-zA-Z][0-9a-zA-Z_]*)(\/[^/]+)?$/);
      if (!m) errors.push(`${kind}::${id}: invalid component id`);
      else if (KNOWN[kind]) checkSettings(kind, id, m[1], config[kind][id], errors);
      else errors.push(`${kind}::${id}: not checked by this validator`);
    }
  }
  // The seed's mistake: baggage is a request header between services and never reaches a collector.
  const text = JSON.stringify(config.processors ?? {});
  if (/baggage/i.test(text)) errors.push('a processor refers to baggage: baggage never reaches a collector (the agent copies the run context onto spans in-process)');

  const pipelines = config.service?.pipelines;
  if (!pipelines || !Object.keys(pipelines).length) errors.push('service.pipelines: at least one pipeline is required');
  const used = { receivers: new Set(), processors: new Set(), exporters: new Set() };
  for (const [pid, p] of Object.entries(pipelines ?? {})) {
    if (!/^(traces|metrics|logs)(\/[^/]+)?$/.test(pid)) errors.push(`pipeline ${pid}: type must be traces, metrics or logs`);
    for (const k of Object.keys(p ?? {})) if (!['receivers', 'processors', 'exporters'].includes(k)) errors.push(`pipeline ${pid}: unknown key ${k}`);
    for (const kind of ['receivers', 'exporters']) if (!p?.[kind]?.length) errors.push(`pipeline ${pid}: at least one of ${kind} is required`);
    for (const kind of ['receivers', 'processors', 'exporters']) {
      const list = p?.[kind] ?? [];
      if (new Set(list).size !== list.length) errors.push(`pipeline ${pid}: ${kind} listed twice`);
      for (const id of list) {
        used[kind].add(id);
        if (!defined[kind].has(id) && !(kind !== 'processors' && defined.connectors.has(id))) errors.push(`pipeline ${pid}: ${kind.slice(0, -1)} "${id}" is not defined`);
      }
    }
    const procs = p?.processors ?? [];
    const ml = procs.findIndex((id) => id.split('/')[0] === 'memory_limiter');
    if (ml > 0) errors.push(`pipeline ${pid}: memory_limiter must be the first processor`);
    const batch = procs.findIndex((id) => id.split('/')[0] === 'batch');
    if (batch >= 0 && ml > batch) errors.push(`pipeline ${pid}: batch must come after memory_limiter`);
  }
  for (const id of config.service?.extensions ?? []) if (!defined.extensions.has(id)) errors.push(`service.extensions: "${id}" is not defined`);
  for (const kind of ['receivers', 'processors', 'exporters']) for (const id of defined[kind]) if (!used[kind].has(id)) unused.push(`${kind}::${id}`);

  // Two receivers cannot listen on one port.
  const ports = new Map();
  for (const [id, r] of Object.entries(config.receivers ?? {})) {
    for (const [proto, cfg] of Object.entries(r?.protocols ?? {})) {
      const hp = parseHostPort(cfg?.endpoint);
      if (!hp) continue;
      if (ports.has(hp.port)) errors.push(`receivers::${id} ${proto} and ${ports.get(hp.port)} both listen on port ${hp.port}`);
      ports.set(hp.port, `${id} ${proto}`);
    }
  }
  return { errors, unused, ports: [...ports.keys()] };
}
