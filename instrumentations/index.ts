// The one table of instrumentations the agent knows: the short name used by
// OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS, the
// modules it patches (also how it is detected, and the ESM hook include list),
// the package that covers it, and a loader. Nothing here is required until the
// library is found installed and the instrumentation is enabled.
import type { Instrumentation } from '@opentelemetry/instrumentation';

export interface InstrumentationEntry {
  /** Short name, as in OTEL_NODE_ENABLED_INSTRUMENTATIONS. */
  name: string;
  /** Modules it patches. Node builtins are always present. */
  modules: string[];
  /** Detected by the presence of any of these packages (defaults to `modules`). */
  detectBy?: string[];
  /** Always active, independent of what is installed (e.g. global fetch). */
  builtin?: boolean;
  /** The package providing it. */
  coveredBy: string;
  /** Supported versions of the library, as declared by the instrumentation. */
  versions: string;
  create(): Instrumentation;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const INSTRUMENTATIONS: InstrumentationEntry[] = [
  {
    name: 'http',
    modules: ['http', 'https'],
    builtin: true,
    coveredBy: '@opentelemetry/instrumentation-http',
    versions: 'node:http, node:https',
    create: () => require('./http').createHttpInstrumentation(),
  },
  {
    name: 'undici',
    modules: [],
    builtin: true,
    coveredBy: '@opentelemetry/instrumentation-undici',
    versions: 'global fetch, undici >=5.12',
    create: () => require('./undici').createUndiciInstrumentation(),
  },
  {
    name: 'express',
    modules: ['express'],
    coveredBy: '@opentelemetry/instrumentation-express',
    versions: '>=4.0.0 <6',
    create: () => new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)(),
  },
  {
    name: 'fastify',
    modules: ['fastify'],
    coveredBy: '@fastify/otel',
    versions: '>=4.0.0 <6',
    create: () => new (require('@fastify/otel').FastifyOtelInstrumentation)({ registerOnInitialization: true }),
  },
  {
    name: 'koa',
    modules: ['koa'],
    coveredBy: '@opentelemetry/instrumentation-koa',
    versions: '>=2.0.0 <4',
    create: () => new (require('@opentelemetry/instrumentation-koa').KoaInstrumentation)(),
  },
  // Databases and caches (safe statement defaults: instrumentations/databases.ts).
  {
    name: 'pg',
    modules: ['pg', 'pg-pool'],
    coveredBy: '@opentelemetry/instrumentation-pg',
    versions: 'pg >=8.0.3 <9, pg-pool >=2 <4',
    create: () => require('./databases').createPgInstrumentation(),
  },
  {
    name: 'mysql2',
    modules: ['mysql2'],
    coveredBy: '@opentelemetry/instrumentation-mysql2',
    versions: '>=1.4.2 <4',
    create: () => require('./databases').createMysql2Instrumentation(),
  },
  {
    name: 'mysql',
    modules: ['mysql'],
    coveredBy: '@opentelemetry/instrumentation-mysql',
    versions: '>=2.0.0 <3',
    create: () => require('./databases').createMysqlInstrumentation(),
  },
  {
    name: 'ioredis',
    modules: ['ioredis'],
    coveredBy: '@opentelemetry/instrumentation-ioredis',
    versions: '>=2.0.0 <7',
    create: () => require('./databases').createIoredisInstrumentation(),
  },
  {
    name: 'redis',
    // v4+ is a facade over @redis/client, which is what gets patched.
    modules: ['redis', '@redis/client', '@node-redis/client'],
    coveredBy: '@opentelemetry/instrumentation-redis',
    versions: 'redis >=2.6.0 <7 (@redis/client 1.x, 5.x, 6.x)',
    create: () => require('./databases').createRedisInstrumentation(),
  },
  {
    name: 'mongodb',
    modules: ['mongodb'],
    coveredBy: '@opentelemetry/instrumentation-mongodb',
    versions: '>=3.3.0 <8',
    create: () => require('./databases').createMongodbInstrumentation(),
  },
  {
    name: 'mongoose',
    modules: ['mongoose'],
    coveredBy: '@opentelemetry/instrumentation-mongoose',
    versions: '>=5.9.7 <10',
    create: () => require('./databases').createMongooseInstrumentation(),
  },
  {
    name: 'knex',
    modules: ['knex'],
    coveredBy: '@opentelemetry/instrumentation-knex',
    versions: '>=0.10.0 <4',
    create: () => require('./databases').createKnexInstrumentation(),
  },
  // Messaging and jobs: the run context crosses each hop in the message (instrumentations/messaging.ts).
  {
    name: 'amqplib',
    modules: ['amqplib'],
    coveredBy: '@opentelemetry/instrumentation-amqplib',
    versions: '>=0.5.5 <3',
    create: () => require('./messaging').createAmqplibInstrumentation(),
  },
  {
    name: 'kafkajs',
    modules: ['kafkajs'],
    coveredBy: '@opentelemetry/instrumentation-kafkajs',
    versions: '>=0.3.0 <3',
    create: () => require('./messaging').createKafkajsInstrumentation(),
  },
  {
    name: 'bullmq',
    modules: ['bullmq'],
    coveredBy: '@botanu/agent (instrumentations/bullmq: BullMQ telemetry on OpenTelemetry)',
    versions: '>=5.22.0 <7',
    create: () => new (require('./bullmq/instrumentation').BullMQInstrumentation)(),
  },
  {
    name: 'nats',
    // 3.x: @nats-io/transport-node (and the other transports) over @nats-io/nats-core.
    modules: ['nats', '@nats-io/nats-core'],
    coveredBy: '@botanu/agent (instrumentations/nats)',
    versions: 'nats >=2.2.0 <3, @nats-io/nats-core >=3.0.0 <4',
    create: () => new (require('./nats/instrumentation').NatsInstrumentation)(),
  },
  {
    name: 'mqtt',
    modules: ['mqtt'],
    coveredBy: '@botanu/agent (instrumentations/mqtt)',
    versions: '>=5.0.0 <6',
    create: () => new (require('./mqtt/instrumentation').MqttInstrumentation)(),
  },
  {
    name: 'grpc',
    modules: ['@grpc/grpc-js'],
    coveredBy: '@opentelemetry/instrumentation-grpc',
    versions: '@grpc/grpc-js ^1.0.0',
    create: () => require('./rpc').createGrpcInstrumentation(),
  },
  {
    name: 'aws-sdk',
    modules: ['@smithy/middleware-stack', '@aws-sdk/middleware-stack', '@smithy/core', '@smithy/smithy-client', '@aws-sdk/smithy-client'],
    detectBy: ['@smithy/smithy-client', '@aws-sdk/smithy-client'],
    coveredBy: '@opentelemetry/instrumentation-aws-sdk',
    versions: 'AWS SDK v3 clients (@smithy/smithy-client >=1.0.3)',
    // Bedrock commands botanu's bedrock instrumentation traces are left to it (one GenAI span per call).
    create: () => require('./bedrock/aws-sdk-handoff').leaveBedrockToBotanu(require('./rpc').createAwsSdkInstrumentation()),
  },
  {
    name: 'openai',
    modules: ['openai'],
    coveredBy: 'botanu (instrumentations/openai)',
    versions: '>=4.0.0 <8',
    create: () => require('./openai/instrumentation').createOpenAIInstrumentation(),
  },
  {
    name: 'anthropic',
    modules: ['@anthropic-ai/sdk'],
    coveredBy: 'botanu (instrumentations/anthropic); the SDK\'s own spans from 0.134.0',
    versions: '>=0.20.0 <2',
    create: () => require('./anthropic/instrumentation').createAnthropicInstrumentation(),
  },
  {
    name: 'google-genai',
    modules: ['@google/genai'],
    coveredBy: 'botanu (instrumentations/google-genai)',
    // Gemini API and Vertex AI modes.
    versions: '>=1.0.0 <4',
    create: () => new (require('./google-genai/instrumentation').GoogleGenAiInstrumentation)(),
  },
  {
    name: 'vertexai',
    modules: ['@google-cloud/vertexai'],
    coveredBy: 'botanu (instrumentations/vertexai)',
    // generateContent, generateContentStream, chat sendMessage(Stream).
    versions: '>=0.5.0 <2',
    create: () => new (require('./vertexai/instrumentation').VertexAIInstrumentation)(),
  },
  {
    name: 'bedrock',
    modules: ['@aws-sdk/client-bedrock-runtime'],
    coveredBy: 'botanu (instrumentations/bedrock)',
    // Converse, ConverseStream, InvokeModel(WithResponseStream) (Anthropic Claude, Amazon Nova and Titan, Meta Llama bodies).
    versions: '>=3.621.0 <4',
    create: () => new (require('./bedrock/instrumentation').BedrockRuntimeInstrumentation)(),
  },
];

/** Accepts `express` and the upstream spelling `@opentelemetry/instrumentation-express`. */
export function shortName(name: string): string {
  return name.trim().replace(/^@opentelemetry\/instrumentation-/, '').toLowerCase();
}
