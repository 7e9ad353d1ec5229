// The agent's whole configuration, read once from the environment.
// Standard OTel semantics wherever a standard variable exists; BOTANU_* for the rest.
import { EnvReader, EnvRecord } from './env';
import { readDestinations, type Destination } from './destinations';
import { readEnvironment } from './environment';
import type { LogLevel } from './logger';
import { MAX_EXTRA_BAGGAGE_KEYS, RUN_CONTEXT_KEYS } from '../run/attributes';
import { DEFAULT_BAGGAGE_DENY_HOSTS } from '../run/baggage-boundary';

export type { Destination, Protocol, TlsFiles } from './destinations';

export const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];
export const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'] as const;
export const RESOURCE_DETECTORS = ['env', 'host', 'os', 'process', 'all', 'none'] as const;

/** Prompt/completion content on GenAI spans (off by default; scrubbed and cut when on). */
export interface GenAiSettings {
  captureContent: boolean;
  contentMaxLength: number;
}
export const GENAI_CAPTURE_CONTENT_ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
export const GENAI_CONTENT_MAX_LENGTH_ENV = 'BOTANU_GENAI_CONTENT_MAX_LENGTH';
export const DEFAULT_GENAI_CONTENT_MAX_LENGTH = 4096;

/** What pino, winston and bunyan records get besides trace_id/span_id/trace_flags. */
export interface LogSettings {
  /** Baggage keys copied onto each record written inside a run (empty: BOTANU_LOGS_RUN_CONTEXT=false). */
  runContextKeys: readonly string[];
}

export interface AgentConfig {
  enabled: boolean;
  disabledReason?: string;
  serviceName: string;
  environment: string;
  /** Set by BOTANU_ENVIRONMENT / OTEL_DEPLOYMENT_ENVIRONMENT (then it also becomes deployment.environment.name). */
  environmentFromVariable: boolean;
  resourceAttributes: Record<string, string>;
  resourceDetectors: Set<string>;
  destinations: Destination[];
  propagators: string[];
  sampler: { name: SamplerName; ratio: number };
  bsp: { scheduleDelayMs: number; exportTimeoutMs: number; maxQueueSize: number; maxExportBatchSize: number };
  spanLimits: { attributeValueLengthLimit: number; attributeCountLimit: number; eventCountLimit: number };
  enabledInstrumentations?: string[];
  disabledInstrumentations: string[];
  baggageKeys: string[];
  trustIncomingBaggage: boolean;
  baggageDenyHosts: string[];
  baggageAllowHosts?: string[];
  genai: GenAiSettings;
  /** Query parameters redacted in every URL on a span, beyond the default list (BOTANU_REDACT_QUERY_PARAMS). */
  redactQueryParams: string[];
  logs: LogSettings;
  logLevel: LogLevel;
  otelLogLevel?: string;
  /** BOTANU_INSTRUMENT_TOOLS: instrument npm/npx/yarn/pnpm/corepack processes too (default: leave them alone). */
  instrumentTools: boolean;
  warnings: string[];
  records: EnvRecord[];
}

const BAGGAGE_KEY = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const r = new EnvReader(env);

  const logLevel = r.oneOf('BOTANU_LOG_LEVEL', ['none', 'error', 'warn', 'info', 'debug'] as const, 'info');
  const otelLogLevel = r.raw('OTEL_LOG_LEVEL') === undefined ? undefined : r.oneOf('OTEL_LOG_LEVEL', ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const, 'info');
  const botanuEnabled = r.bool('BOTANU_ENABLED', true);
  const sdkDisabled = r.bool('OTEL_SDK_DISABLED', false);

  const resourceAttributes = r.keyValues('OTEL_RESOURCE_ATTRIBUTES');
  const serviceName =
    r.str('BOTANU_SERVICE_NAME') ?? r.str('OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'unknown_service:node';
  const { environment, environmentFromVariable } = readEnvironment(r, resourceAttributes);

  const detectors = new Set<string>();
  for (const d of r.list('OTEL_NODE_RESOURCE_DETECTORS') ?? ['env', 'host', 'process']) {
    const l = d.toLowerCase();
    if ((RESOURCE_DETECTORS as readonly string[]).includes(l)) detectors.add(l);
    else r.warnings.push(`OTEL_NODE_RESOURCE_DETECTORS: unknown or unsupported detector ${JSON.stringify(d.slice(0, 50))} (supported: ${RESOURCE_DETECTORS.join(', ')}); ignoring it`);
  }
  if (detectors.has('all')) ['env', 'host', 'os', 'process'].forEach((d) => detectors.add(d));

  const destinations = readDestinations(r);
  const propagators = readPropagators(r);

  const samplerName = r.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const ratio = samplerName.endsWith('traceidratio') ? r.float('OTEL_TRACES_SAMPLER_ARG', 1, 0, 1) : 1;

  const maxQueueSize = r.int('OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1);
  let maxExportBatchSize = r.int('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1);
  if (maxExportBatchSize > maxQueueSize) {
    r.warnings.push(`OTEL_BSP_MAX_EXPORT_BATCH_SIZE=${maxExportBatchSize} is larger than OTEL_BSP_MAX_QUEUE_SIZE=${maxQueueSize}; using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }
  const bsp = {
    scheduleDelayMs: r.int('OTEL_BSP_SCHEDULE_DELAY', 5000, 0, 600_000),
    exportTimeoutMs: r.int('OTEL_BSP_EXPORT_TIMEOUT', 30000, 1, 600_000),
    maxQueueSize,
    maxExportBatchSize,
  };

  // Bounded by default (the SDK's own default is unlimited): a span's size, and so
  // the export queue's memory, has a ceiling even when an app records huge values.
  const valueLimitVar = r.raw('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') !== undefined ? 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT' : 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT';
  const countLimitVar = r.raw('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT') !== undefined ? 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT' : 'OTEL_ATTRIBUTE_COUNT_LIMIT';
  const spanLimits = {
    attributeValueLengthLimit: r.int(valueLimitVar, 4096, 1),
    attributeCountLimit: r.int(countLimitVar, 128, 1, 10_000),
    eventCountLimit: r.int('OTEL_SPAN_EVENT_COUNT_LIMIT', 128, 0, 10_000),
  };

  const baggageKeys: string[] = [...RUN_CONTEXT_KEYS];
  for (const k of r.list('BOTANU_BAGGAGE_KEYS') ?? []) {
    if (!BAGGAGE_KEY.test(k)) r.warnings.push(`BOTANU_BAGGAGE_KEYS: ${JSON.stringify(k.slice(0, 50))} is not a valid baggage key; ignoring it`);
    else if (baggageKeys.length >= RUN_CONTEXT_KEYS.length + MAX_EXTRA_BAGGAGE_KEYS) {
      r.warnings.push(`BOTANU_BAGGAGE_KEYS: more than ${MAX_EXTRA_BAGGAGE_KEYS} keys; ignoring ${JSON.stringify(k)} and the rest`);
      break;
    } else if (!baggageKeys.includes(k)) baggageKeys.push(k);
  }

  const hostList = (name: string) =>
    r.list(name)?.filter((h) => {
      if (/^[a-z0-9*.\-_]+$/i.test(h)) return true;
      r.warnings.push(`${name}: ${JSON.stringify(h.slice(0, 80))} is not a host name or *-pattern; ignoring it`);
      return false;
    });
  const trustIncomingBaggage = r.bool('BOTANU_TRUST_INCOMING_BAGGAGE', true);
  const baggageDenyHosts = hostList('BOTANU_BAGGAGE_DENY_HOSTS') ?? DEFAULT_BAGGAGE_DENY_HOSTS;
  const baggageAllowHosts = hostList('BOTANU_BAGGAGE_ALLOW_HOSTS');

  const redactQueryParams = readRedactQueryParams(r);

  const enabled = botanuEnabled && !sdkDisabled;
  return {
    enabled,
    disabledReason: !botanuEnabled ? 'BOTANU_ENABLED=false' : sdkDisabled ? 'OTEL_SDK_DISABLED=true' : undefined,
    serviceName,
    environment,
    environmentFromVariable,
    resourceAttributes,
    resourceDetectors: detectors,
    destinations,
    propagators,
    sampler: { name: samplerName, ratio },
    bsp,
    spanLimits,
    enabledInstrumentations: r.list('OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations: r.list('OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? [],
    baggageKeys,
    trustIncomingBaggage,
    baggageDenyHosts,
    baggageAllowHosts,
    genai: {
      captureContent: r.bool(GENAI_CAPTURE_CONTENT_ENV, false),
      contentMaxLength: r.int(GENAI_CONTENT_MAX_LENGTH_ENV, DEFAULT_GENAI_CONTENT_MAX_LENGTH, 16, 1_000_000),
    },
    redactQueryParams,
    // The run keys on log records (the trace ids stay unless the logger's instrumentation is disabled).
    logs: { runContextKeys: r.bool('BOTANU_LOGS_RUN_CONTEXT', true) ? baggageKeys : [] },
    logLevel,
    otelLogLevel,
    instrumentTools: r.bool('BOTANU_INSTRUMENT_TOOLS', false),
    warnings: r.warnings,
    records: r.records,
  };
}

export const REDACT_QUERY_PARAMS_ENV = 'BOTANU_REDACT_QUERY_PARAMS';
// A query parameter name: anything a URL can hold before '=', except the separators.
const QUERY_PARAM_NAME = /^[^\s=&?#]{1,128}$/;

/** Extra query parameters to redact; names that cannot be query parameters are reported in one warning. */
function readRedactQueryParams(r: EnvReader): string[] {
  const listed = r.list(REDACT_QUERY_PARAMS_ENV) ?? [];
  const bad = listed.filter((p) => !QUERY_PARAM_NAME.test(p));
  if (bad.length) {
    r.warnings.push(
      `${REDACT_QUERY_PARAMS_ENV}: ${bad.map((b) => JSON.stringify(b.slice(0, 50))).join(', ')} ${bad.length > 1 ? 'are not query parameter names' : 'is not a query parameter name'} (expected names separated by commas, e.g. my_key,session); ignoring ${bad.length > 1 ? 'them' : 'it'}; the default list still applies`,
    );
  }
  return listed.filter((p) => QUERY_PARAM_NAME.test(p));
}

function readPropagators(r: EnvReader): string[] {
  const listed = r.list('OTEL_PROPAGATORS');
  if (!listed) return ['tracecontext', 'baggage'];
  const out: string[] = [];
  for (const p of listed) {
    const l = p.toLowerCase();
    if ((PROPAGATORS as readonly string[]).includes(l)) {
      if (!out.includes(l)) out.push(l);
    } else r.warnings.push(`OTEL_PROPAGATORS: unknown or unsupported propagator ${JSON.stringify(p.slice(0, 50))} (supported: ${PROPAGATORS.join(', ')}); ignoring it`);
  }
  if (out.length === 0) {
    r.warnings.push('OTEL_PROPAGATORS has no supported propagator; using tracecontext,baggage');
    return ['tracecontext', 'baggage'];
  }
  if (out.includes('none')) return ['none'];
  if (!out.includes('baggage')) r.warnings.push('OTEL_PROPAGATORS does not include baggage: the botanu run context will not reach downstream services');
  return out;
}
