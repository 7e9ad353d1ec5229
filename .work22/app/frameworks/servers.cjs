// CommonJS app serving NestJS, hapi, restify, connect and hono routes, called inside one run.
require('reflect-metadata');
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./servers-work.cjs');

main(
  {
    nest: { core: require('@nestjs/core'), common: require('@nestjs/common') },
    hapi: require('@hapi/hapi'),
    restify: require('restify'),
    connect: require('connect'),
    hono: { Hono: require('hono').Hono, serve: require('@hono/node-server').serve },
  },
  botanuWorkflow,
).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
