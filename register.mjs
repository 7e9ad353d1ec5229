// `node --import @botanu/agent/register app.js`
// (dist/register-loader.cjs evaluates the bundle dist/register.cjs through a V8 code cache).
// Required, not imported: an import of a CommonJS file makes Node's ESM loader lex its
// source for export names (on Node 22 in JavaScript, slowly), and this one exports nothing.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./dist/register-loader.cjs');
