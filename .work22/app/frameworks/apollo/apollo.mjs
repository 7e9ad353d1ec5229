// ESM Apollo Server 5 (graphql 16) queried inside one run.
import { botanuWorkflow } from '@botanu/agent';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import work from './apollo-work.cjs';

work.main({ ApolloServer, startStandaloneServer }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
