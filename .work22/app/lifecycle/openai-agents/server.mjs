// A server that loads @openai/agents (its core, @openai/agents-core), whose tracing registers its own SIGTERM/SIGINT
// handlers: it exits the process itself (code 0 / 130), but only when its handler
// is the only one (the same code from 0.3 to 0.20). Installed apart (fixtures/lifecycle/deps.json
// "apps"): it needs zod 4, which other fixtures' zod 3 peers rule out. The app has no handler of its own.
import http from 'node:http';
import { getGlobalTraceProvider } from '@openai/agents-core';

getGlobalTraceProvider();
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
