// An ES-module app whose only instrumented import is express (a CommonJS package):
// the agent patches it through express's own require() of its internals, so nothing
// of import-in-the-middle needs to load: neither its hook side nor its entry, where
// every enabled instrumentation's ES-module hooks wait until an ES module can be
// wrapped (agent/start/iitm/lazy-hook.ts). GET /loaded reports what the require cache holds of it.
import express from 'express';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const app = express();
app.get('/items/:id', (req, res) => res.json({ id: req.params.id }));
app.get('/loaded', (req, res) =>
  res.json({
    iitm: Object.keys(require.cache).filter((k) => /create-hook|[\\/]iitm[\\/]/.test(k)),
    // import-in-the-middle's entry (the instrumentations' Hook registry side) and the worker_threads it loads.
    entry: Object.keys(require.cache).filter((k) => /[\\/]import-in-the-middle[\\/]index\.js$/.test(k)),
    workerThreads: process.moduleLoadList.includes('NativeModule worker_threads'),
  }),
);
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
