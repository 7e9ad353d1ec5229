// The one table of instrumentations the agent knows: the short name used by
// OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS, the
// modules it patches (also how it is detected, and the ESM hook include list),
// the package that covers it, and a loader. Nothing here is required until the
// library is found installed and the instrumentation is enabled.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { InstrumentationContext } from '../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from './supported-versions';

export interface InstrumentationEntry {
  /** Short name, as in OTEL_NODE_ENABLED_INSTRUMENTATIONS. */
  name: string;
  /** Modules it patches. Node builtins are always present. */
  modules: string[];
  /**
   * Internal files it patches in a package that ships ES modules only (NestJS 12): the ESM
   * hook sees a package's own relative imports only when they match one of these.
   */
  esmInternals?: RegExp[];
  /**
   * A CommonJS package patched in an internal file its entry require()s: an ES module
   * importing it reaches that file through require(), which the require hook sees, so
   * the package needs no ESM hook (no import-in-the-middle wrapper, nothing loaded for it).
   */
  esmThroughRequire?: boolean;
  /** Detected by the presence of any of these packages (defaults to `modules`). */
  detectBy?: string[];
  /** Always active, independent of what is installed (e.g. global fetch). */
  builtin?: boolean;
  /** The package providing it. */
  coveredBy: string;
  /** Supported versions, as text for people (from SUPPORTED_VERSIONS, or a description for builtins). */
  versions: string;
  /** Module → semver range it covers (supported-versions.ts); absent for builtins. */
  supported?: Readonly<Record<string, string>>;
  /** Builds it, with what the agent's configuration says (read once at startup). */
  create(ctx: InstrumentationContext): Instrumentation | Instrumentation[];
}

/** The entry's ranges from the one table, and the same as text ("pg >=8.0.3 <9, pg-pool >=2 <4"; one module: just its range). */
function covers(name: keyof typeof SUPPORTED_VERSIONS): Pick<InstrumentationEntry, 'versions' | 'supported'> {
  const supported: Record<string, string> = SUPPORTED_VERSIONS[name];
  const ranges = Object.entries(supported);
  return { supported, versions: ranges.length === 1 ? ranges[0][1] : ranges.map(([m, r]) => `${m} ${r}`).join(', ') };
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const INSTRUMENTATIONS: InstrumentationEntry[] = [
  {
    name: 'http',
    modules: ['http', 'https'],
    builtin: true,
    coveredBy: 'botanu (instrumentations/http)',
    versions: 'node:http, node:https',
    create: () => require('./http').createHttpInstrumentation(),
  },
  {
    name: 'undici',
    modules: [],
    builtin: true,
    coveredBy: '@botanu/agent (instrumentations/undici-client)',
    versions: 'global fetch, undici >=5.12',
    create: () => require('./undici').createUndiciInstrumentation(),
  },
  {
    name: 'express',
    modules: ['express'],
    esmThroughRequire: true,
    coveredBy: '@botanu/agent (instrumentations/express)',
    ...covers('express'),
    create: () => new (require('./express/instrumentation').ExpressInstrumentation)(),
  },
  {
    name: 'fastify',
    // The route comes from fastify's router (find-my-way); fastify is what the app installs.
    modules: ['fastify', 'find-my-way'],
    detectBy: ['fastify'],
    coveredBy: '@botanu/agent (instrumentations/fastify)',
    ...covers('fastify'),
    create: () => new (require('./fastify/instrumentation').FastifyInstrumentation)(),
  },
  {
    name: 'koa',
    modules: ['koa'],
    coveredBy: '@opentelemetry/instrumentation-koa',
    ...covers('koa'),
    create: () => new (require('@opentelemetry/instrumentation-koa').KoaInstrumentation)(),
  },
  {
    name: 'nestjs-core',
    modules: ['@nestjs/core'],
    esmInternals: [/[\\/]node_modules[\\/]@nestjs[\\/]core[\\/](nest-factory|router[\\/]router-execution-context)\.js$/],
    coveredBy: '@opentelemetry/instrumentation-nestjs-core',
    ...covers('nestjs-core'),
    create: () => require('./frameworks').createNestInstrumentation(),
  },
  {
    name: 'hapi',
    modules: ['@hapi/hapi'],
    coveredBy: '@opentelemetry/instrumentation-hapi',
    ...covers('hapi'),
    create: () => new (require('@opentelemetry/instrumentation-hapi').HapiInstrumentation)(),
  },
  {
    name: 'restify',
    modules: ['restify'],
    coveredBy: '@opentelemetry/instrumentation-restify',
    ...covers('restify'),
    create: () => new (require('@opentelemetry/instrumentation-restify').RestifyInstrumentation)(),
  },
  {
    name: 'connect',
    modules: ['connect'],
    coveredBy: '@opentelemetry/instrumentation-connect',
    ...covers('connect'),
    create: () => require('./esm-default-export').patchDefaultExportOfNamespace(new (require('@opentelemetry/instrumentation-connect').ConnectInstrumentation)()),
  },
  {
    name: 'hono',
    modules: ['hono'],
    coveredBy: '@botanu/agent (instrumentations/hono)',
    ...covers('hono'),
    create: () => new (require('./hono/instrumentation').HonoInstrumentation)(),
  },
  {
    name: 'graphql',
    modules: ['graphql'],
    coveredBy: '@opentelemetry/instrumentation-graphql',
    ...covers('graphql'),
    create: () => require('./frameworks').createGraphqlInstrumentation(),
  },
  {
    name: 'socket.io',
    modules: ['socket.io'],
    coveredBy: '@opentelemetry/instrumentation-socket.io; the run context from the handshake by @botanu/agent (instrumentations/socketio)',
    ...covers('socket.io'),
    create: () => require('./socketio/run-context').createSocketIoInstrumentation(),
  },
  {
    name: 'dataloader',
    modules: ['dataloader'],
    // Plus ours: a batch serving several runs carries none of them (caller-context/dataloader-batch.ts).
    coveredBy: '@opentelemetry/instrumentation-dataloader + botanu (instrumentations/caller-context/dataloader-batch)',
    ...covers('dataloader'),
    create: () => [require('./frameworks').createDataloaderInstrumentation(), new (require('./caller-context/dataloader-batch').DataLoaderBatchInstrumentation)()],
  },
  {
    name: 'lru-memoizer',
    modules: ['lru-memoizer'],
    // Each queued callback runs under its own caller's context (not the first caller's).
    coveredBy: '@opentelemetry/instrumentation-lru-memoizer',
    ...covers('lru-memoizer'),
    create: () => require('./esm-default-export').patchDefaultExportOfNamespace(new (require('@opentelemetry/instrumentation-lru-memoizer').LruMemoizerInstrumentation)()),
  },
  {
    name: 'generic-pool',
    modules: ['generic-pool'],
    coveredBy: '@opentelemetry/instrumentation-generic-pool',
    ...covers('generic-pool'),
    create: () => new (require('@opentelemetry/instrumentation-generic-pool').GenericPoolInstrumentation)(),
  },
  // Loggers: trace ids and the run on every record (instrumentations/logs.ts).
  {
    name: 'pino',
    modules: ['pino'],
    coveredBy: '@opentelemetry/instrumentation-pino; the run keys by @botanu/agent',
    ...covers('pino'),
    create: (ctx) => require('./logs').createPinoInstrumentation(ctx),
  },
  {
    name: 'winston',
    modules: ['winston'],
    coveredBy: '@opentelemetry/instrumentation-winston; the run keys by @botanu/agent',
    ...covers('winston'),
    create: (ctx) => require('./logs').createWinstonInstrumentation(ctx),
  },
  {
    name: 'bunyan',
    modules: ['bunyan'],
    coveredBy: '@opentelemetry/instrumentation-bunyan; the run keys by @botanu/agent',
    ...covers('bunyan'),
    create: (ctx) => require('./logs').createBunyanInstrumentation(ctx),
  },
  // Databases and caches (safe statement defaults: instrumentations/databases.ts).
  {
    name: 'pg',
    modules: ['pg', 'pg-pool'],
    coveredBy: '@opentelemetry/instrumentation-pg',
    ...covers('pg'),
    create: () => require('./databases').createPgInstrumentation(),
  },
  {
    name: 'mysql2',
    modules: ['mysql2'],
    coveredBy: '@opentelemetry/instrumentation-mysql2',
    ...covers('mysql2'),
    create: () => require('./databases').createMysql2Instrumentation(),
  },
  {
    name: 'mysql',
    modules: ['mysql'],
    coveredBy: '@opentelemetry/instrumentation-mysql',
    ...covers('mysql'),
    create: () => require('./databases').createMysqlInstrumentation(),
  },
  {
    name: 'ioredis',
    modules: ['ioredis'],
    coveredBy: '@opentelemetry/instrumentation-ioredis',
    ...covers('ioredis'),
    create: () => require('./databases').createIoredisInstrumentation(),
  },
  {
    name: 'redis',
    // v4+ is a facade over @redis/client, which is what gets patched.
    modules: ['redis', '@redis/client', '@node-redis/client'],
    coveredBy: '@opentelemetry/instrumentation-redis',
    ...covers('redis'),
    create: () => require('./databases').createRedisInstrumentation(),
  },
  {
    name: 'mongodb',
    modules: ['mongodb'],
    coveredBy: '@opentelemetry/instrumentation-mongodb',
    ...covers('mongodb'),
    create: () => require('./databases').createMongodbInstrumentation(),
  },
  {
    name: 'mongoose',
    modules: ['mongoose'],
    coveredBy: '@opentelemetry/instrumentation-mongoose',
    ...covers('mongoose'),
    create: () => require('./databases').createMongooseInstrumentation(),
  },
  {
    name: 'knex',
    modules: ['knex'],
    coveredBy: '@opentelemetry/instrumentation-knex',
    ...covers('knex'),
    create: () => require('./databases').createKnexInstrumentation(),
  },
  {
    name: 'typeorm',
    modules: ['typeorm'],
    coveredBy: '@opentelemetry/instrumentation-typeorm',
    ...covers('typeorm'),
    create: () => require('./databases').createTypeormInstrumentation(),
  },
  {
    name: 'prisma',
    modules: ['@prisma/client'],
    coveredBy: '@prisma/instrumentation',
    ...covers('prisma'),
    create: () => require('./databases').createPrismaInstrumentation(),
  },
  {
    name: 'sequelize',
    modules: ['sequelize'],
    coveredBy: '@botanu/agent (instrumentations/orm/sequelize)',
    ...covers('sequelize'),
    create: () => new (require('./orm/sequelize').SequelizeInstrumentation)(),
  },
  {
    name: 'drizzle',
    modules: ['drizzle-orm'],
    // drizzle-orm ships ES modules: its tracer file is reached by the package's own imports.
    esmInternals: [/[\\/]node_modules[\\/]drizzle-orm[\\/]tracing\.js$/],
    coveredBy: '@botanu/agent (instrumentations/orm/drizzle)',
    ...covers('drizzle'),
    create: () => new (require('./orm/drizzle').DrizzleInstrumentation)(),
  },
  {
    name: 'cassandra-driver',
    modules: ['cassandra-driver'],
    coveredBy: '@opentelemetry/instrumentation-cassandra-driver',
    ...covers('cassandra-driver'),
    create: () => require('./databases').createCassandraInstrumentation(),
  },
  {
    name: 'tedious',
    modules: ['tedious'],
    coveredBy: '@opentelemetry/instrumentation-tedious',
    ...covers('tedious'),
    create: () => new (require('@opentelemetry/instrumentation-tedious').TediousInstrumentation)(),
  },
  {
    name: 'oracledb',
    modules: ['oracledb'],
    coveredBy: '@opentelemetry/instrumentation-oracledb',
    ...covers('oracledb'),
    create: () => require('./databases').createOracleInstrumentation(),
  },
  // Messaging and jobs: the run context crosses each hop in the message (instrumentations/messaging.ts).
  {
    name: 'amqplib',
    modules: ['amqplib'],
    coveredBy: '@opentelemetry/instrumentation-amqplib',
    ...covers('amqplib'),
    create: () => require('./messaging').createAmqplibInstrumentation(),
  },
  {
    name: 'kafkajs',
    modules: ['kafkajs'],
    coveredBy: '@opentelemetry/instrumentation-kafkajs',
    ...covers('kafkajs'),
    create: () => require('./messaging').createKafkajsInstrumentation(),
  },
  {
    name: 'bullmq',
    modules: ['bullmq'],
    coveredBy: '@botanu/agent (instrumentations/bullmq: BullMQ telemetry on OpenTelemetry)',
    ...covers('bullmq'),
    create: () => new (require('./bullmq/instrumentation').BullMQInstrumentation)(),
  },
  {
    name: 'nats',
    // 3.x: @nats-io/transport-node (and the other transports) over @nats-io/nats-core.
    modules: ['nats', '@nats-io/nats-core'],
    coveredBy: '@botanu/agent (instrumentations/nats)',
    ...covers('nats'),
    create: () => new (require('./nats/instrumentation').NatsInstrumentation)(),
  },
  {
    name: 'mqtt',
    modules: ['mqtt'],
    coveredBy: '@botanu/agent (instrumentations/mqtt)',
    ...covers('mqtt'),
    create: () => new (require('./mqtt/instrumentation').MqttInstrumentation)(),
  },
  {
    name: 'grpc',
    modules: ['@grpc/grpc-js'],
    coveredBy: '@opentelemetry/instrumentation-grpc',
    ...covers('grpc'),
    create: (ctx) => require('./rpc').createGrpcInstrumentation(ctx),
  },
  {
    name: 'aws-sdk',
    modules: ['@smithy/middleware-stack', '@aws-sdk/middleware-stack', '@smithy/core', '@smithy/smithy-client', '@aws-sdk/smithy-client'],
    detectBy: ['@smithy/smithy-client', '@aws-sdk/smithy-client'],
    coveredBy: '@opentelemetry/instrumentation-aws-sdk',
    ...covers('aws-sdk'),
    // Bedrock commands botanu's bedrock instrumentation traces are left to it (one GenAI span per call).
    create: () => require('./bedrock/aws-sdk-handoff').leaveBedrockToBotanu(require('./rpc').createAwsSdkInstrumentation()),
  },
  {
    name: 'openai',
    modules: ['openai'],
    coveredBy: 'botanu (instrumentations/openai)',
    ...covers('openai'),
    create: () => require('./openai/instrumentation').createOpenAIInstrumentation(),
  },
  {
    name: 'anthropic',
    modules: ['@anthropic-ai/sdk'],
    coveredBy: 'botanu (instrumentations/anthropic); the SDK\'s own spans from 0.134.0',
    ...covers('anthropic'),
    create: () => require('./anthropic/instrumentation').createAnthropicInstrumentation(),
  },
  {
    name: 'google-genai',
    modules: ['@google/genai'],
    coveredBy: 'botanu (instrumentations/google-genai)',
    // Gemini API and Vertex AI modes.
    ...covers('google-genai'),
    create: () => new (require('./google-genai/instrumentation').GoogleGenAiInstrumentation)(),
  },
  {
    name: 'vertexai',
    modules: ['@google-cloud/vertexai'],
    coveredBy: 'botanu (instrumentations/vertexai)',
    // generateContent, generateContentStream, chat sendMessage(Stream).
    ...covers('vertexai'),
    create: () => new (require('./vertexai/instrumentation').VertexAIInstrumentation)(),
  },
  {
    name: 'bedrock',
    modules: ['@aws-sdk/client-bedrock-runtime'],
    coveredBy: 'botanu (instrumentations/bedrock)',
    // Converse, ConverseStream, InvokeModel(WithResponseStream) (Anthropic Claude, Amazon Nova and Titan, Meta Llama bodies).
    ...covers('bedrock'),
    create: () => new (require('./bedrock/instrumentation').BedrockRuntimeInstrumentation)(),
  },
  {
    // Any LLM API request over fetch or node:http that no SDK-level instrumentation records (instrumentations/llm-http).
    name: 'llm-http',
    modules: [],
    builtin: true,
    coveredBy: 'botanu (instrumentations/llm-http)',
    versions: 'global fetch and node:http clients: OpenAI-compatible, Anthropic, Gemini, Bedrock, Cohere v2, Ollama wire formats',
    create: () => require('./llm-http/instrumentation').createLlmHttpInstrumentation(),
  },
];

/** Accepts `express` and the upstream spelling `@opentelemetry/instrumentation-express`. */
export function shortName(name: string): string {
  return name.trim().replace(/^@opentelemetry\/instrumentation-/, '').toLowerCase();
}
