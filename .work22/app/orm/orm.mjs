// ESM app using TypeORM, Sequelize, drizzle and Prisma inside one run.
import { botanuWorkflow } from '@botanu/agent';
import * as typeorm from 'typeorm';
import { Sequelize, DataTypes } from 'sequelize';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as pgCore from 'drizzle-orm/pg-core';
import { sql, eq } from 'drizzle-orm';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import prismaClient from './prisma/client.cjs';
import work from './orm-work.cjs';

work.main({ typeorm, sequelize: { Sequelize, DataTypes }, drizzle: { drizzle, pgCore, sql, eq, pg }, prisma: { PrismaClient: prismaClient.PrismaClient, PrismaPg } }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
