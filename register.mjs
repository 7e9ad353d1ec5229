// `node --import @botanu/agent/register app.js`
import './dist/register.cjs';
