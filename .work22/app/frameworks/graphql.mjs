// ESM GraphQL server (graphql 17, graphql-http, dataloader) queried inside one run.
import { botanuWorkflow } from '@botanu/agent';
import * as graphql from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import DataLoader from 'dataloader';
import work from './graphql-work.cjs';

work.main({ graphql, createHandler, DataLoader }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
