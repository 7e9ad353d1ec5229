// CommonJS Apollo Server 5 (graphql 16) queried inside one run.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./apollo-work.cjs');

main({ ApolloServer: require('@apollo/server').ApolloServer, startStandaloneServer: require('@apollo/server/standalone').startStandaloneServer }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
