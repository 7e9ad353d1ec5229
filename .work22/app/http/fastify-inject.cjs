// fastify.inject(): a request with no HTTP server (light-my-request's own request
// and response objects), so no server span: the request's span still ends with
// the response, with its status.
const fastify = require('fastify');

const app = fastify();
app.get('/items/:id', async (req) => ({ id: req.params.id }));
app.get('/broken', async () => {
  throw new Error('inject boom');
});
(async () => {
  const ok = await app.inject({ method: 'GET', url: '/items/3' });
  const broken = await app.inject({ method: 'GET', url: '/broken' });
  console.log(`INJECTED ${ok.statusCode} ${broken.statusCode}`);
  await app.close();
})();
