// Tests spawn real node processes against the packed package (see test/global-setup.ts).
const config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // Jest's own module registry would give the receiver a second copy of node:http state; none needed.
  verbose: false,
};
module.exports = config;
