// ESM twin of server.cjs: with APP_SDK=inline it imports its own SDK setup first.
import http from 'node:http';
import { listen } from './routes.cjs';

if (process.env.APP_SDK === 'inline') await import('./app-sdk.mjs');

listen(http);
