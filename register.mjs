// `node --import @botanu/agent/register app.js`
// (dist/register-loader.cjs evaluates the bundle dist/register.cjs through a V8 code cache)
import './dist/register-loader.cjs';
