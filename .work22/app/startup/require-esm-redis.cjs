// A CommonJS app whose Redis code is an ES module it require()s (require(esm)):
// the agent's ESM hooks must be on the resolve chain while that graph links.
// One request to itself, whose handler calls Redis (ioredis spans need a parent).
const http = require('node:http');
const getOnce = require('./get-once.cjs');
const { incr } = require('./esm-lib/counter.js');

const server = http.createServer(async (req, res) => res.end(String(await incr('botanu:require-esm'))));
server.listen(0, '127.0.0.1', async () => console.log(`INCR ${Number(await getOnce(server, '/count')) > 0}`));
