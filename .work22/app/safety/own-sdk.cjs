// The app's own OpenTelemetry SDK, as a user writes it: NodeSDK, its http
// instrumentation, and a SimpleSpanProcessor, which exports each span the moment
// it ends, to APP_OTLP_URL. What it exports must be as redacted as what botanu gets.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const sdk = new NodeSDK({
  serviceName: 'app-own-sdk',
  spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: process.env.APP_OTLP_URL }) })],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();
globalThis.__appSdk = sdk;
