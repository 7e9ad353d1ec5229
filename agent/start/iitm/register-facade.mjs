// Shipped as dist/iitm/lib/register.js (esbuild.mjs), in a directory of type "module":
// the module every import-in-the-middle wrapper imports `register` and
// `ModuleBinder` from (create-hook.mjs names it `lib/register.js` next to the URL
// it is created with, agent/start/esm-hooks.ts). The package's own lib/register.js
// is CommonJS, and importing it from ESM made Node lex its source, which on Node 22
// (a JavaScript lexer) cost more than all the rest of import-in-the-middle's
// startup together. This ES module reaches the same CommonJS module by require():
// the same copy (and registry) its Hook class, required by the agent's bundle, fills.
import { createRequire } from 'node:module';

const iitm = createRequire(import.meta.url)('import-in-the-middle/lib/register.js');

export const register = iitm.register;
export const ModuleBinder = iitm.ModuleBinder;
