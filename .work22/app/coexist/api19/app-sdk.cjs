// An app on the OpenTelemetry JS 2.x SDK with @opentelemetry/api 1.9 (the api
// the agent's 1.10 cannot read a registry of): NodeTracerProvider.register(),
// its own sampler, OTLP exporter and http instrumentation, and a processor
// that ignores the sampled flag. It runs from an isolated app directory
// (prepareIsolatedApp), copied there next to server.cjs and app-tracing.cjs.
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const samplers = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { appSampler, countingProcessor } = require('./app-tracing.cjs');

const { stats, processor } = countingProcessor();
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'app-on-sdk-2' }),
  sampler: appSampler(process.env.APP_SAMPLER, samplers),
  spanProcessors: [new samplers.BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 50 }), processor],
});
provider.register();
registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
globalThis.__appTracing = { sdk: provider, stats };
