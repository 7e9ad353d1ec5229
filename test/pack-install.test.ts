// What a new user does: npm pack → install the tarball into an empty directory
// with express → `node --import @botanu/agent/register app.mjs`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startApp } from './helpers/app';
import { APP_DIR } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

function npmCli(): string {
  const c = [path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), '/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js'];
  return c.find((p) => fs.existsSync(p))!;
}

test('the packed tarball installs into an empty app and instruments it', async () => {
  const work = path.dirname(APP_DIR);
  const tarball = fs.readdirSync(work).find((f) => /^botanu-agent-.*\.tgz$/.test(f));
  expect(tarball).toBeDefined();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botanu-fresh-app-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
  const express = JSON.parse(fs.readFileSync(path.join(APP_DIR, 'node_modules', 'express', 'package.json'), 'utf8')).version;
  execFileSync(process.execPath, [npmCli(), 'install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', path.join(work, tarball!), `express@${express}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
  });
  // Only what the tarball declares came along: two runtime dependencies, no OpenTelemetry packages.
  const deps = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', '@botanu', 'agent', 'package.json'), 'utf8')).dependencies;
  expect(Object.keys(deps).sort()).toEqual(['import-in-the-middle', 'require-in-the-middle']);
  fs.copyFileSync(path.join(APP_DIR, 'http', 'express-app.mjs'), path.join(dir, 'app.mjs'));

  const receiver = await new OtlpReceiver().start();
  const app = startApp(path.join(dir, 'app.mjs'), { cwd: dir, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'fresh' } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    expect((await fetch(`http://127.0.0.1:${port}/hello/7`)).status).toBe(200);
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'GET /hello/:id') && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
    expect(spans.every((s) => s.resource['service.name'] === 'fresh')).toBe(true);
    expect(app.stderr()).toMatch(/instrumenting http, undici, express/);
  } finally {
    app.kill();
    await app.exited;
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
