// An app's own tracing setup, the kind preloaded with `node --require ./tracing.cjs server.js`.
// Doctor only reads this file (it is named in a start script); it is never run by the tests.
const { NodeSDK } = require('@opentelemetry/sdk-node');

new NodeSDK({ serviceName: 'legacy' }).start();
