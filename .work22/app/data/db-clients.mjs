// The same app as ESM: the libraries come in through import (the ESM hooks' path).
import { botanuWorkflow } from '@botanu/agent';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import mysql from 'mysql';
import knex from 'knex';
import Redis from 'ioredis';
import { createClient as v4 } from 'redis-v4';
import { createClient as v5 } from 'redis-v5';
import { createClient as v6 } from 'redis';
import work from './db-work.cjs';

work.main({ pg, mysql2, mysql, knex, Redis, redis: { v4, v5, v6 } }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
