// The app's own OpenTelemetry setup, ESM flavour (imports load the api's ESM build).
import { NodeSDK } from '@opentelemetry/sdk-node';
import * as samplers from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { appSampler, countingProcessor } from './app-tracing.cjs';

const { stats, processor } = countingProcessor();
const sdk = new NodeSDK({
  serviceName: 'app-with-own-sdk',
  sampler: appSampler(process.env.APP_SAMPLER, samplers),
  spanProcessors: [new samplers.BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: Number(process.env.APP_BSP_DELAY ?? 50) }), processor],
  instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
});
sdk.start();
globalThis.__appTracing = { sdk, stats };
