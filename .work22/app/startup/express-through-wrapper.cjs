// A CommonJS app that gets express through another package (the test writes
// node_modules/botanu-test-wrapper, which require()s it), like an app's own
// framework wrapper: express must still be instrumented. express's own
// dependencies include files Node loads as ES modules (require(esm)); the app
// imports nothing itself. It prints which module hooks were loaded.
const express = require('botanu-test-wrapper');

const app = express();
app.get('/hello/:id', (req, res) => res.json({ id: req.params.id }));
const server = app.listen(0, '127.0.0.1', () => {
  const loaded = Object.keys(require.cache).filter((f) => /in-the-middle/.test(f)).map((f) => f.replace(/.*node_modules[\\/]/, ''));
  console.log(`LOADED ${JSON.stringify(loaded)}`);
  console.log(`READY ${server.address().port}`);
});
