// `node --require @botanu/agent/register app.js` and NODE_OPTIONS="--require @botanu/agent/register"
require('./dist/register.cjs');
