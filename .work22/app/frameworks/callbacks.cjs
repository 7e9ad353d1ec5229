// CommonJS app whose lru-memoizer, generic-pool and dataloader callbacks run later, for two runs at once.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./callbacks-work.cjs');

main({ memoizer: require('lru-memoizer'), genericPool: require('generic-pool'), DataLoader: require('dataloader') }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
