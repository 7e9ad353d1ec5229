// `botanu-agent doctor` on an app running the newest majors of the frameworks,
// ORMs and loggers covered here: each is listed as covered, with its range, by
// the instrumentation that covers it; a version outside the range (oracledb 26,
// a real release past what @opentelemetry/instrumentation-oracledb declares) is
// flagged as not covered, and the same warning is printed when the app starts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, runToEnd } from './helpers/app';
import { APP_DIR } from './helpers/paths';

const BIN = path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent');
const dir = path.join(APP_DIR, 'frameworks', 'doctor-app');
const LIBS = ['@nestjs/core', 'graphql', 'hono', 'socket.io', 'pino', 'bunyan', 'typeorm', 'drizzle-orm', 'lru-memoizer'];

beforeAll(() => {
  fs.mkdirSync(path.join(dir, 'node_modules', '@nestjs'), { recursive: true });
  const link = (name: string, target: string) => {
    fs.rmSync(path.join(dir, 'node_modules', name), { force: true });
    fs.symlinkSync(path.join(APP_DIR, 'node_modules', target), path.join(dir, 'node_modules', name));
  };
  for (const lib of LIBS) link(lib, lib);
  // A real oracledb 26.0.0 (installed as oracledb-v26 by fixtures/frameworks/deps.json), seen by the app as `oracledb`.
  link('oracledb', 'oracledb-v26');
  const dependencies = Object.fromEntries([...LIBS, 'oracledb'].map((l) => [l, '*']));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'doctor-app', private: true, dependencies }));
  fs.writeFileSync(path.join(dir, 'app.cjs'), "require('oracledb');\nconsole.log('DONE');\n");
});

test('newest majors are covered with their ranges; oracledb 26 is flagged as outside its range', () => {
  const r = spawnSync(process.execPath, [BIN, 'doctor', '--json', '--timeout', '1000'], { cwd: dir, env: cleanEnv({ OTEL_TRACES_EXPORTER: 'console' }), encoding: 'utf8' });
  const json = JSON.parse(r.stdout);
  const entry = (library: string) => json.libraries.libraries.find((l: { library: string }) => l.library === library);
  const expected: Record<string, [instrumentation: string, versions: string]> = {
    '@nestjs/core': ['nestjs-core', '>=4.0.0 <13'],
    graphql: ['graphql', '>=14.0.0 <18'],
    hono: ['hono', '>=4.0.0 <5'],
    'socket.io': ['socket.io', '>=3.0.0 <5'],
    pino: ['pino', '>=5.14.0 <11'],
    bunyan: ['bunyan', '>=1.0.0 <3'],
    typeorm: ['typeorm', '>=0.3.0 <2'],
    'drizzle-orm': ['drizzle', '>=0.30.0 <1'],
    'lru-memoizer': ['lru-memoizer', '>=1.3.0 <4'],
  };
  for (const [library, [instrumentation, versions]] of Object.entries(expected)) {
    expect(entry(library)).toEqual(expect.objectContaining({ library, instrumentation, versions, status: 'covered' }));
  }
  expect(entry('oracledb')).toEqual(expect.objectContaining({ library: 'oracledb', installed: '26.0.0', status: 'unsupported-version', versions: '>=6.7.0 <8' }));
  expect(json.libraries.uncovered).toEqual([]);
});

test('the app itself warns once at startup that its oracledb is not covered', async () => {
  const res = await runToEnd('app.cjs', { preload: 'require', cwd: dir, env: { OTEL_TRACES_EXPORTER: 'console' } });
  expect(res.stdout).toContain('DONE');
  expect(res.stderr.match(/oracledb 26\.0\.0 is installed but not covered: the oracledb instrumentation covers >=6\.7\.0 <8/g)).toHaveLength(1);
});
