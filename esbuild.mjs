// Builds dist/: the preload bundle (one file, so startup reads one file instead
// of ~2000), and the API in ESM and CJS. import-in-the-middle and
// require-in-the-middle stay external: exactly one copy of each must exist at
// run time, because the ESM loader only sees hooks registered on its own copy
// (all but import-in-the-middle's loader-hook side, see iitmHookApart).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { upstreamFixes } from './scripts/upstream-fixes.mjs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// Instrumentation packages pin their own copies of these; one copy each keeps the
// bundle small and means one require hook, one API, one semconv table.
const SINGLE_COPY = /^@opentelemetry\/(api|core|instrumentation|semantic-conventions)(\/.*)?$/;
// Resolved to their ESM builds (see preferEsm): the root copy's `import` entry.
// A CommonJS file's `const { a, b } = require(...)` of one gets a module that
// re-exports just a and b, so the rest (most of semantic-conventions) is
// tree-shaken instead of kept whole for a namespace object.
const singleCopy = {
  name: 'single-copy',
  setup(b) {
    b.onResolve({ filter: SINGLE_COPY }, (args) => {
      const path = fileURLToPath(import.meta.resolve(args.path));
      if (args.kind !== 'require-call' || !args.importer) return { path };
      return { path: `${path}?from=${args.importer}`, namespace: 'narrow', pluginData: { path, spec: args.path, importer: args.importer } };
    });
    b.onLoad({ filter: /.*/, namespace: 'narrow' }, ({ pluginData: { path, spec, importer } }) => {
      const src = readFileSync(importer, 'utf8');
      const esc = spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const m = new RegExp(`(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*['"]${esc}['"]\\s*\\)`).exec(src);
      const all = new RegExp(`require\\(\\s*['"]${esc}['"]\\s*\\)`, 'g');
      // Only when that destructuring is the file's one use of the package.
      if (!m || src.match(all).length !== 1 || /[:=]/.test(m[1])) return { contents: `export * from ${JSON.stringify(path)};`, loader: 'js', resolveDir: dirname(path) };
      const names = m[1].split(',').map((n) => n.trim()).filter(Boolean);
      return { contents: `export { ${names.join(', ')} } from ${JSON.stringify(path)};`, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

// Every bundled package as its ESM build, also where it is reached by a lazy
// require() (the instrumentation registry) or from a CommonJS file. ESM modules
// are scope-hoisted and tree-shaken: no per-access interop getters on the span
// path, and only the semantic-convention constants actually used are kept.
// A require()d ESM module stays lazy (esbuild wraps it in an init function).
const EXTERNAL = /^(import-in-the-middle|require-in-the-middle)(\/.*)?$/;
// The CLI's price table is one big data module used whole (nothing to tree-shake):
// its CommonJS build is the minified one, half the size of its ESM build.
const KEEP_COMMONJS = /^@pydantic\/genai-prices$/;
const preferEsm = {
  name: 'prefer-esm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'require-call' || args.pluginData === 'prefer-esm' || EXTERNAL.test(args.path) || KEEP_COMMONJS.test(args.path) || SINGLE_COPY.test(args.path) || args.path.startsWith('node:')) return undefined;
      const r = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer, pluginData: 'prefer-esm' });
      return r.errors.length > 0 ? undefined : r;
    });
  },
};

// import-in-the-middle's loader-hook side (create-hook.mjs, its lexers) is bundled
// apart, as CommonJS, in dist/iitm/create-hook.cjs: it holds no registry, and loaded
// from the package it was a graph of ES modules that Node's ESM loader resolved,
// compiled and linked at the first import of an instrumented library. Beside it,
// dist/iitm/lib/register.js (agent/start/iitm/register-facade.mjs) is what the
// wrappers it generates import: create-hook.mjs names that file relative to the
// URL it is created with. The registry stays the installed package's one copy.
const IITM_HOOK = 'import-in-the-middle/create-hook.mjs';
const IITM_DIR = 'dist/iitm';
const iitmHookApart = {
  name: 'iitm-hook-apart',
  setup(b) {
    b.onResolve({ filter: /^import-in-the-middle\/create-hook\.mjs$/ }, (args) => (args.kind === 'require-call' ? { path: './iitm/create-hook.cjs', external: true } : undefined));
  },
};

/**
 * The facade must export every name the generated wrappers import from it, and
 * create-hook.mjs must still name it `lib/register.js` beside its URL: checked
 * here, so a changed import-in-the-middle fails the build instead of the app.
 */
function checkIitmFacade(facadeSource) {
  const src = readFileSync(require.resolve(IITM_HOOK), 'utf8');
  if (!/new URL\('lib\/register\.js', meta\.url\)/.test(src)) throw new Error(`${IITM_HOOK} no longer names lib/register.js beside its URL: revisit agent/start/iitm/register-facade.mjs`);
  const exported = new Set([...facadeSource.matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
  const imports = [...src.matchAll(/import \{((?:[^\n{}]|\$\{[^}\n]*\})*)\} from \$\{JSON\.stringify\(iitmURL\)\}/g)];
  if (imports.length === 0) throw new Error(`${IITM_HOOK}: no wrapper import from iitmURL found: revisit agent/start/iitm/register-facade.mjs`);
  for (const [, names] of imports)
    for (const name of names.replace(/\$\{staged \? '' : '([^']*)'\}/g, '$1').match(/[A-Za-z_$][\w$]*/g) ?? [])
      if (!exported.has(name)) throw new Error(`${IITM_HOOK}'s wrappers import ${name}, which agent/start/iitm/register-facade.mjs does not export`);
}

// @opentelemetry/instrumentation's import of import-in-the-middle's Hook goes to
// agent/start/iitm/lazy-hook.ts, which loads it only when ES-module wrapping can begin.
const IITM_ENTRY_FROM_INSTRUMENTATION = /@opentelemetry[\\/]instrumentation[\\/]dist[\\/]platform[\\/]node[\\/]instrumentation\.mjs$/;
const lazyEsmHooks = {
  name: 'lazy-esm-hooks',
  setup(b) {
    b.onResolve({ filter: /^import-in-the-middle$/ }, (args) =>
      IITM_ENTRY_FROM_INSTRUMENTATION.test(args.importer) ? { path: fileURLToPath(new URL('./agent/start/iitm/lazy-hook.ts', import.meta.url)) } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: ['import-in-the-middle', 'import-in-the-middle/*', 'require-in-the-middle'],
  define: { __BOTANU_AGENT_VERSION__: JSON.stringify(pkg.version), __BOTANU_PRICE_TABLE_VERSION__: JSON.stringify(pkg.devDependencies['@pydantic/genai-prices']) },
  plugins: [lazyEsmHooks, preferEsm, singleCopy, upstreamFixes],
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
};

// Some bundled ESM builds make a require() with createRequire(import.meta.url)
// (instrumentation-winston); in a CommonJS bundle import.meta is empty, so give
// it this file's URL.
const cjsImportMeta = {
  banner: { js: "'use strict';\nconst __botanuImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...common.define, 'import.meta.url': '__botanuImportMetaUrl' },
};

// Instrumentations of libraries many apps never install (frameworks, ORMs, loggers)
// are bundled apart, one file each in dist/lazy/, and required from there only when
// the library is found: the preload bundle every app compiles at startup stays the
// size it was without them. They use the preload bundle's own copies of
// @opentelemetry/api and @opentelemetry/instrumentation (one require hook, one API),
// published on a global by instrumentations/shared-modules.ts before any is created.
const LAZY_PACKAGES = [
  ...['nestjs-core', 'hapi', 'restify', 'connect', 'graphql', 'socket.io', 'generic-pool', 'dataloader', 'lru-memoizer', 'typeorm', 'cassandra-driver', 'tedious', 'oracledb', 'pino', 'winston', 'bunyan'].map((n) => `@opentelemetry/instrumentation-${n}`),
  '@prisma/instrumentation',
  // Databases, queues and cloud SDKs fewer apps have (pg, mysql2, ioredis and redis stay in the bundle).
  ...['aws-sdk', 'mongodb', 'mongoose', 'kafkajs', 'amqplib', 'grpc', 'mysql', 'knex', 'koa'].map((n) => `@opentelemetry/instrumentation-${n}`),
];
const lazyFile = (pkg) => `lazy/${pkg.replace(/^@/, '').replace(/\//g, '+')}.cjs`;
const lazyRe = new RegExp(`^(${LAZY_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: lazyRe }, (args) => (args.kind === 'require-call' ? { path: `./${lazyFile(args.path)}`, external: true } : undefined));
  },
};
const SHARED_MODULES = /^@opentelemetry\/(api|instrumentation)$/;
const sharedFromPreload = {
  name: 'shared-from-preload',
  setup(b) {
    b.onResolve({ filter: SHARED_MODULES }, (args) => ({ path: args.path, namespace: 'preload-shared' }));
    b.onLoad({ filter: /.*/, namespace: 'preload-shared' }, ({ path }) => ({
      contents: `module.exports = globalThis[Symbol.for('botanu.agent.shared-modules')][${JSON.stringify(path)}];`,
      loader: 'js',
    }));
  },
};
const withLazy = { ...common, plugins: [lazyPackages, iitmHookApart, ...common.plugins] };

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  ...LAZY_PACKAGES.map((pkg) =>
    build({
      ...common,
      ...cjsImportMeta,
      plugins: [sharedFromPreload, ...common.plugins],
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: process.cwd(), loader: 'js' },
      outfile: `dist/${lazyFile(pkg)}`,
      format: 'cjs',
    }),
  ),
  build({ ...withLazy, ...cjsImportMeta, entryPoints: ['agent/start/register.ts'], outfile: 'dist/register.cjs', format: 'cjs', metafile: true }).then((r) => {
    writeFileSync('dist/.register-meta.json', JSON.stringify(r.metafile));
    // V8 keeps the bundle's source for lazy compilation: one non-ASCII character
    // (a kept comment) makes all of it a two-byte string, twice the memory.
    const nonAscii = /[^\x00-\x7f]/.exec(readFileSync('dist/register.cjs', 'utf8'));
    if (nonAscii) throw new Error(`dist/register.cjs must be ASCII (V8 would hold it as a two-byte string): ${JSON.stringify(nonAscii[0])} near ${JSON.stringify(nonAscii.input.slice(Math.max(0, nonAscii.index - 60), nonAscii.index + 20))}`);
    // The preload entry's loader evaluates the bundle through a V8 code cache keyed
    // (among others) by the bundle's content hash, computed here once rather than at every start.
    const bundleHash = createHash('sha256').update(readFileSync('dist/register.cjs')).digest('hex').slice(0, 16);
    return build({
      ...common,
      entryPoints: ['agent/start/register-loader.ts'],
      outfile: 'dist/register-loader.cjs',
      format: 'cjs',
      define: { ...common.define, __BOTANU_BUNDLE_HASH__: JSON.stringify(bundleHash) },
    });
  }),
  build({ ...common, ...cjsImportMeta, entryPoints: [require.resolve(IITM_HOOK)], outfile: `${IITM_DIR}/create-hook.cjs`, format: 'cjs' }).then(() => {
    const facade = readFileSync('agent/start/iitm/register-facade.mjs', 'utf8');
    checkIitmFacade(facade);
    mkdirSync(`${IITM_DIR}/lib`, { recursive: true });
    writeFileSync(`${IITM_DIR}/package.json`, '{ "type": "module" }\n');
    writeFileSync(`${IITM_DIR}/lib/register.js`, facade);
  }),
  build({ ...common, ...cjsImportMeta, entryPoints: ['agent/index.ts'], outfile: 'dist/index.cjs', format: 'cjs' }),
  build({
    ...common,
    entryPoints: ['agent/index.ts'],
    outfile: 'dist/index.mjs',
    format: 'esm',
    // Bundled CommonJS dependencies call require(); give the ESM build a real one.
    banner: { js: "import { createRequire as __botanuCreateRequire } from 'node:module'; const require = __botanuCreateRequire(import.meta.url);" },
  }),
  existsSync('agent/cli/main.ts') && build({ ...withLazy, ...cjsImportMeta, entryPoints: ['agent/cli/main.ts'], outfile: 'dist/cli.cjs', format: 'cjs' }),
]);

// Type declarations for the public API only.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.d.ts', "export * from './types/index';\n");
