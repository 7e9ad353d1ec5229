// Calls its own HTTP server with a credential in every sensitive query parameter
// (the query comes from the test: QUERY) through node:http, fetch, axios and
// undici.request, and with user:password@ in the URL, inside one run. No tracing
// code: whatever the collector receives came from the agent's instrumentations.
// With APP_SDK=1 the app registers its own OpenTelemetry SDK first (coexistence).
if (process.env.APP_SDK) require('./own-sdk.cjs');
const http = require('node:http');
const axios = require('axios');
const undici = require('undici');
const { botanuWorkflow } = require('@botanu/agent');

const QUERY = process.env.QUERY;
const USERINFO_PASSWORD = process.env.USERINFO_PASSWORD;

function httpGet(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
}

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const target = (via) => `${base}/via-${via}/v1beta/models/gemini-2.5-flash:generateContent?${QUERY}`;
  const withUserinfo = (via) => `http://botanu-user:${USERINFO_PASSWORD}@127.0.0.1:${server.address().port}/userinfo-${via}`;
  try {
    await botanuWorkflow({ name: 'url-secrets', eventId: 'evt-url-1', customerId: 'cust-url' }, async () => {
      await httpGet(target('http'));
      await (await fetch(target('fetch'))).text();
      await axios.get(target('axios'));
      await (await undici.request(target('undici'))).body.text();
      await httpGet(withUserinfo('http'));
      await axios.get(withUserinfo('axios'));
    })();
    await globalThis.__appSdk?.shutdown(); // its exporter delivers before exit
    console.log('DONE');
  } catch (err) {
    console.error('FAILED', err);
    process.exitCode = 1;
  } finally {
    server.close();
  }
});
