// An ES module by its syntax alone: a .js file whose package.json has no "type", run as
// the entry (Node detects the syntax and hands it to its ES-module loader, also under
// --require alone); its `import Redis` needs the ESM hooks on the resolve chain.
import http from 'node:http';
import Redis from 'ioredis';
import getOnce from './get-once.cjs';

const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
await redis.connect();
const server = http.createServer(async (req, res) => res.end(String(await redis.incr('botanu:typeless-esm'))));
server.listen(0, '127.0.0.1', async () => {
  console.log(`INCR ${Number(await getOnce(server, '/count')) > 0}`);
  redis.disconnect();
});
