// NestJS 11 (CommonJS, installed apart in frameworks/nest11/): the same controller as
// the servers fixture, called inside one run.
require('reflect-metadata');
const { botanuWorkflow } = require('@botanu/agent');
const { startNest } = require('../servers-work.cjs');

(async () => {
  const nest = await startNest({ core: require('@nestjs/core'), common: require('@nestjs/common') });
  await botanuWorkflow({ name: 'nest11', eventId: 'evt-nest11-1', customerId: 'cust-nest11' }, async () => {
    const res = await fetch(nest.url);
    console.log(`${res.status} ${(await res.json()).from}`);
  })();
  await nest.stop();
  console.log('DONE');
})().catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
