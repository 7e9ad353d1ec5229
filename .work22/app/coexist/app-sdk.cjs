// The app's own OpenTelemetry setup (CommonJS), as a user would write it:
// NodeSDK + its sampler + its OTLP exporter + its http instrumentation, plus a
// custom processor that ignores the sampled flag (to prove it still sees only
// sampled spans). Loaded with --require (before the agent) or from the app's code (after).
const { NodeSDK } = require('@opentelemetry/sdk-node');
const samplers = require('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { appSampler, countingProcessor } = require('./app-tracing.cjs');

const { stats, processor } = countingProcessor();
// OTLPTraceExporter reads OTEL_EXPORTER_OTLP_ENDPOINT, like most apps rely on.
const exporter = new OTLPTraceExporter();
const sdk = new NodeSDK({
  serviceName: 'app-with-own-sdk',
  sampler: appSampler(process.env.APP_SAMPLER, samplers),
  spanProcessors: [new samplers.BatchSpanProcessor({ exporter, scheduledDelayMillis: Number(process.env.APP_BSP_DELAY ?? 50) }), processor],
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
});
sdk.start();
globalThis.__appTracing = { sdk, stats };
