// RPC clients covered by maintained OpenTelemetry instrumentations. gRPC carries
// traceparent + baggage in request metadata, so a gRPC server with the agent
// attributes its work to the caller's run.
import type { Instrumentation } from '@opentelemetry/instrumentation';

/* eslint-disable @typescript-eslint/no-require-imports */

export function createGrpcInstrumentation(): Instrumentation {
  return new (require('@opentelemetry/instrumentation-grpc').GrpcInstrumentation)();
}

export function createAwsSdkInstrumentation(): Instrumentation {
  // One span per AWS call, not an extra HTTP span under it; no DynamoDB statement (no serializer).
  return new (require('@opentelemetry/instrumentation-aws-sdk').AwsInstrumentation)({ suppressInternalInstrumentation: true });
}
