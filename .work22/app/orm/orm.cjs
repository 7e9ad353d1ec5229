// CommonJS app using TypeORM, Sequelize, drizzle and Prisma inside one run.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./orm-work.cjs');

main(
  {
    typeorm: require('typeorm'),
    sequelize: require('sequelize'),
    prisma: { PrismaClient: require('./prisma/client.cjs').PrismaClient, PrismaPg: require('@prisma/adapter-pg').PrismaPg },
    drizzle: { drizzle: require('drizzle-orm/node-postgres').drizzle, pgCore: require('drizzle-orm/pg-core'), sql: require('drizzle-orm').sql, eq: require('drizzle-orm').eq, pg: require('pg') },
  },
  botanuWorkflow,
).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
