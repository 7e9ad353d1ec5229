// A CommonJS app whose first ESM resolution is a dynamic import() of an instrumented
// library (not the entry point): the agent loads its ESM hooks on that very import.
(async () => {
  const { default: express } = await import('express');
  const app = express();
  app.get('/hello/:id', (req, res) => res.json({ id: req.params.id }));
  const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
})();
