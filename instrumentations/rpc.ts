// RPC clients covered by maintained OpenTelemetry instrumentations. gRPC carries
// traceparent + baggage in request metadata, so a gRPC server with the agent
// attributes its work to the caller's run (botanu.* entries are kept from hosts
// the baggage boundary denies: grpc-baggage-boundary.ts).
import type { InstrumentationContext } from '../agent/for-instrumentations';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { withGrpcBaggageBoundary } from './grpc-baggage-boundary';

/* eslint-disable @typescript-eslint/no-require-imports */

export function createGrpcInstrumentation(ctx: InstrumentationContext): Instrumentation {
  return withGrpcBaggageBoundary(new (require('@opentelemetry/instrumentation-grpc').GrpcInstrumentation)(), ctx.baggageAllowedTo);
}

export function createAwsSdkInstrumentation(): Instrumentation {
  // One span per AWS call, not an extra HTTP span under it; no DynamoDB statement (no serializer).
  return new (require('@opentelemetry/instrumentation-aws-sdk').AwsInstrumentation)({ suppressInternalInstrumentation: true });
}
