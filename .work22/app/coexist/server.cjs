// A plain node:http service calling a downstream service. With APP_SDK=inline
// it starts its own OpenTelemetry SDK in its code (after the agent's preload).
if (process.env.APP_SDK === 'inline') require('./app-sdk.cjs');
const http = require('node:http');
const { listen } = require('./routes.cjs');

listen(http);
