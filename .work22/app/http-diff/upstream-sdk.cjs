// The reference for test/http-attributes.test.ts: @opentelemetry/instrumentation-http
// 0.301 as the agent configured it before it had its own http spans, in an app's
// own NodeSDK (no agent), exporting to OTEL_EXPORTER_OTLP_ENDPOINT.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const sdk = new NodeSDK({
  serviceName: 'http-diff-upstream',
  spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter() })],
  instrumentations: [
    new HttpInstrumentation({
      requireParentforOutgoingSpans: false,
      redactedQueryParams: [],
      redactedQueryParamsServer: [],
      // The exporter's own requests are not part of the comparison.
      ignoreOutgoingRequestHook: (o) => String(o.path ?? '').startsWith('/v1/traces'),
    }),
  ],
});
sdk.start();
globalThis.__flush = () => sdk.shutdown();
