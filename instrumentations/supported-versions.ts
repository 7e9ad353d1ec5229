// One source of the library versions each instrumentation covers: the registry
// (instrumentations/index.ts) shows and checks them (version-range.ts), and our
// own instrumentations declare the same ranges to InstrumentationBase.
// Keyed by short name, then module: a range per module the entry patches or detects by.
export const SUPPORTED_VERSIONS = {
  express: { express: '>=4.0.0 <6' },
  // instrumentations/fastify patches find-my-way, fastify's router (fastify 4: 8.x, fastify 5: 9.x).
  fastify: { fastify: '>=4.0.0 <6', 'find-my-way': '>=8.0.0 <10' },
  koa: { koa: '>=2.0.0 <4' },
  pg: { pg: '>=8.0.3 <9', 'pg-pool': '>=2 <4' },
  mysql2: { mysql2: '>=1.4.2 <4' },
  mysql: { mysql: '>=2.0.0 <3' },
  ioredis: { ioredis: '>=2.0.0 <7' },
  redis: { redis: '>=2.6.0 <7', '@redis/client': '1.x || 5.x || 6.x' },
  mongodb: { mongodb: '>=3.3.0 <8' },
  mongoose: { mongoose: '>=5.9.7 <10' },
  knex: { knex: '>=0.10.0 <4' },
  amqplib: { amqplib: '>=0.5.5 <3' },
  kafkajs: { kafkajs: '>=0.3.0 <3' },
  bullmq: { bullmq: '>=5.22.0 <7' },
  nats: { nats: '>=2.2.0 <3', '@nats-io/nats-core': '>=3.0.0 <4' },
  mqtt: { mqtt: '>=5.0.0 <6' },
  grpc: { '@grpc/grpc-js': '^1.0.0' },
  'aws-sdk': { '@smithy/smithy-client': '>=1.0.3', '@aws-sdk/smithy-client': '>=1.0.3' },
  openai: { openai: '>=4.0.0 <8' },
  anthropic: { '@anthropic-ai/sdk': '>=0.20.0 <2' },
  'google-genai': { '@google/genai': '>=1.0.0 <4' },
  vertexai: { '@google-cloud/vertexai': '>=0.5.0 <2' },
  bedrock: { '@aws-sdk/client-bedrock-runtime': '>=3.621.0 <4' },
} as const satisfies Record<string, Record<string, string>>;
