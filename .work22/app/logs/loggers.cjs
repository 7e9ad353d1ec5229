// CommonJS app logging with pino, winston and bunyan, inside and outside a run.
const { botanuWorkflow } = require('@botanu/agent');
const { main } = require('./log-work.cjs');

main({ pino: require('pino'), winston: require('winston'), bunyan: require('bunyan') }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
