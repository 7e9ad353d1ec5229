// Builds dist/: the preload bundle (one file, so startup reads one file instead
// of ~2000), and the API in ESM and CJS. import-in-the-middle and
// require-in-the-middle stay external: exactly one copy of each must exist at
// run time, because the ESM loader only sees hooks registered on its own copy.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// Instrumentation packages pin their own copies of these; one copy each keeps the
// bundle small and means one require hook, one API, one semconv table.
const SINGLE_COPY = /^@opentelemetry\/(api|core|instrumentation|semantic-conventions)(\/.*)?$/;
const singleCopy = {
  name: 'single-copy',
  setup(b) {
    b.onResolve({ filter: SINGLE_COPY }, (args) => ({ path: require.resolve(args.path, { paths: [process.cwd()] }) }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: ['import-in-the-middle', 'import-in-the-middle/*', 'require-in-the-middle'],
  define: { __BOTANU_AGENT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [singleCopy],
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['agent/register.ts'], outfile: 'dist/register.cjs', format: 'cjs', metafile: true }).then((r) =>
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
