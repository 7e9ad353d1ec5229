// The four ways each benchmark app is run. Every agent exports every span to the
// local sink; every endpoint and port is explicit, so nothing reaches a default
// port or the network.
export const VARIANTS = ['plain', 'botanu', 'otel-upstream', 'dd-trace'];
// Another build of this agent, measured in the same run when BENCH_BASELINE names its
// packed tarball (`npm pack` of the commit before a change): before and after, alternating.
export const BASELINE = 'botanu-baseline';
export const ALL_VARIANTS = [...VARIANTS, BASELINE];

export const LABELS = {
  plain: 'plain node',
  botanu: '@botanu/agent',
  'otel-upstream': 'OTel auto-instrumentations-node',
  'dd-trace': 'dd-trace',
  [BASELINE]: '@botanu/agent (baseline build)',
};

// What each variant's directory has in node_modules, as a user's app would: the
// app's libraries plus that one agent. (All are installed once, from the lockfile;
// each variant directory links only its own, so the botanu agent's detection of
// installed libraries sees the app's, not the other agents' dependencies.)
export const APP_PACKAGES = ['express', 'fastify', 'ioredis', 'pg', 'openai', '@opentelemetry/api'];
export const AGENT_PACKAGES = {
  plain: [],
  botanu: ['@botanu/agent'],
  'otel-upstream': ['@opentelemetry/auto-instrumentations-node', '@opentelemetry/instrumentation'],
  'dd-trace': ['dd-trace'],
};
// The baseline's agent lives in its own install (<work>/baseline), linked under the same name.
export const BASELINE_INSTALL = 'baseline';

const NOTHING_INHERITED = /^(OTEL_|BOTANU_|NODE_OPTIONS$|DD_)/;

export function baseEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!NOTHING_INHERITED.test(k)) env[k] = v;
  return env;
}

/**
 * A configuration given on a bench tool's command line: a variant name
 * (`botanu`), or a variant with environment (`botanu:OTEL_TRACES_EXPORTER=none`),
 * optionally named (`'no export=botanu:OTEL_TRACES_EXPORTER=none'`).
 */
export function parseConfiguration(spec) {
  const eq = spec.indexOf('=');
  const [name, rest] = eq >= 0 && eq < spec.indexOf(':') >>> 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [spec, spec];
  const [v, envSpec] = rest.split(/:(.*)/s);
  const env = Object.fromEntries((envSpec ?? '').split(',').filter(Boolean).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  return { name, variant: v, env };
}

/** Node flags and environment for a variant, exporting to the sink on `sinkPort`. */
export function variant(name, sinkPort) {
  const sink = `http://127.0.0.1:${sinkPort}`;
  switch (name) {
    case 'plain':
      return { flags: [], env: {} };
    case 'botanu':
    case BASELINE:
      return {
        flags: ['--import', '@botanu/agent/register'],
        env: { OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_OTLP_ENDPOINT: sink, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
      };
    case 'otel-upstream':
      // The documented ESM setup: the loader hook so ESM express/fastify are patched too.
      return {
        flags: ['--experimental-loader=@opentelemetry/instrumentation/hook.mjs', '--import', '@opentelemetry/auto-instrumentations-node/register', '--no-warnings'],
        env: {
          OTEL_SERVICE_NAME: 'bench',
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${sink}/v1/traces`,
          OTEL_METRICS_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
          // Same detectors as the botanu default: no cloud metadata probes on a machine without a cloud.
          OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
        },
      };
    case 'dd-trace':
      return {
        flags: ['--import', 'dd-trace/initialize.mjs'],
        env: {
          DD_SERVICE: 'bench',
          DD_TRACE_AGENT_URL: sink,
          DD_DOGSTATSD_PORT: String(sinkPort),
          DD_TRACE_SAMPLE_RATE: '1',
          DD_RUNTIME_METRICS_ENABLED: 'false',
          DD_REMOTE_CONFIGURATION_ENABLED: 'false',
          DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
          DD_TRACE_STARTUP_LOGS: 'false',
          DD_PROFILING_ENABLED: 'false',
          DD_APPSEC_ENABLED: 'false',
          DD_TRACE_STATS_COMPUTATION_ENABLED: 'false',
        },
      };
    default:
      throw new Error(`unknown variant ${name}`);
  }
}
