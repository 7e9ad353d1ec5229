// ESM app logging with pino, winston and bunyan, inside and outside a run.
import { botanuWorkflow } from '@botanu/agent';
import pino from 'pino';
import winston from 'winston';
import bunyan from 'bunyan';
import work from './log-work.cjs';

work.main({ pino, winston, bunyan }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
