// Builds dist/: the preload bundle (one file, so startup reads one file instead
// of ~2000), and the API in ESM and CJS. import-in-the-middle and
// require-in-the-middle stay external: exactly one copy of each must exist at
// run time, because the ESM loader only sees hooks registered on its own copy.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
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
const preferEsm = {
  name: 'prefer-esm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'require-call' || args.pluginData === 'prefer-esm' || EXTERNAL.test(args.path) || SINGLE_COPY.test(args.path) || args.path.startsWith('node:')) return undefined;
      const r = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer, pluginData: 'prefer-esm' });
      return r.errors.length > 0 ? undefined : r;
    });
  },
};

// @opentelemetry/core's isAnyValue() allocates a WeakSet (for cycle detection)
// before looking at the value, i.e. for every attribute of every span, strings
// included. Primitives need no cycle check: answer them first. Same results;
// the build fails if the upstream source changes, so this is re-checked on upgrade.
const IS_ANY_VALUE = /function isAnyValue\(val\) \{\n\treturn isAnyValueInternal\(val, \/\* @__PURE__ \*\/ new WeakSet\(\)\);\n\}/;
const primitiveAttributesFirst = {
  name: 'primitive-attributes-first',
  setup(b) {
    b.onLoad({ filter: /@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.mjs$/ }, ({ path }) => {
      const src = readFileSync(path, 'utf8');
      if (!IS_ANY_VALUE.test(src)) throw new Error(`${path}: isAnyValue() changed upstream; review the primitive-attributes-first patch in esbuild.mjs`);
      const contents = src.replace(
        IS_ANY_VALUE,
        'function isAnyValue(val) {\n\tconst t = typeof val;\n\tif (t === "string" || t === "number" || t === "boolean") return true;\n\treturn isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());\n}',
      );
      return { contents, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: ['import-in-the-middle', 'import-in-the-middle/*', 'require-in-the-middle'],
  define: { __BOTANU_AGENT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [preferEsm, singleCopy, primitiveAttributesFirst, upstreamFixes],
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['agent/start/register.ts'], outfile: 'dist/register.cjs', format: 'cjs', metafile: true }).then((r) =>
    writeFileSync('dist/.register-meta.json', JSON.stringify(r.metafile)),
  ),
  build({ ...common, entryPoints: ['agent/index.ts'], outfile: 'dist/index.cjs', format: 'cjs' }),
  build({
    ...common,
    entryPoints: ['agent/index.ts'],
    outfile: 'dist/index.mjs',
    format: 'esm',
    // Bundled CommonJS dependencies call require(); give the ESM build a real one.
    banner: { js: "import { createRequire as __botanuCreateRequire } from 'node:module'; const require = __botanuCreateRequire(import.meta.url);" },
  }),
  existsSync('agent/cli/main.ts') && build({ ...common, entryPoints: ['agent/cli/main.ts'], outfile: 'dist/cli.cjs', format: 'cjs' }),
]);

// Type declarations for the public API only.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.d.ts', "export * from './types/index';\n");
