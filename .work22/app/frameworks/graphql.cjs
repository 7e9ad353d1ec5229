// CommonJS GraphQL server (graphql 17, graphql-http, dataloader) queried inside one run.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./graphql-work.cjs');

main({ graphql: require('graphql'), createHandler: require('graphql-http/lib/use/http').createHandler, DataLoader: require('dataloader') }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
