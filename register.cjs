// `node --require @botanu/agent/register app.js` and NODE_OPTIONS="--require @botanu/agent/register"
// (dist/register-loader.cjs evaluates the bundle dist/register.cjs through a V8 code cache)
require('./dist/register-loader.cjs');
