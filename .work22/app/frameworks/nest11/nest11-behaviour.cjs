// NestJS 11 (CommonJS, installed apart in frameworks/nest11/): the same transparency
// probe as ../../transparency/nest-behaviour.cjs (which runs NestJS 12).
require('reflect-metadata');
const { main } = require('../../transparency/nest-behaviour.cjs');

main({ core: require('@nestjs/core'), common: require('@nestjs/common') }).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
