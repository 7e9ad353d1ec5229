// CJS koa app with no tracing code.
const Koa = require('koa');

const app = new Koa();
app.use(async function hello(ctx, next) {
  if (ctx.path === '/leaf') {
    ctx.body = { baggage: ctx.get('baggage') || null };
    return;
  }
  await next();
});
app.use(async function downstream(ctx) {
  const r = await fetch(`http://127.0.0.1:${server.address().port}/leaf`);
  ctx.body = { path: ctx.path, downstream: await r.json() };
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
