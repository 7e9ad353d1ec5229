// koa behaviours the agent must not change (issue 21; found by koa's own suite):
// app.use() of a non-function throws koa's own TypeError, and use() chains; the
// middleware koa keeps has the app's function's name and length, and the app's
// function gets no property.
// Prints one line: RESULT <json>.
const Koa = require('koa');

const out = {};
for (const [label, value] of [['null', null], ['undefined', undefined], ['string', 'mw'], ['object', {}]]) {
  try {
    new Koa().use(value);
    out[label] = 'accepted';
  } catch (err) {
    out[label] = `${err.constructor.name}: ${err.message}`;
  }
}
const app = new Koa();
out.chains = app.use(async (ctx, next) => next()) === app;
async function oneArg(ctx) {
  ctx.body = 'x';
}
app.use(oneArg);
const kept = app.middleware[app.middleware.length - 1];
out.kept = { name: kept.name, length: kept.length, ownSymbols: Object.getOwnPropertySymbols(oneArg).length };
console.log(`RESULT ${JSON.stringify(out)}`);
