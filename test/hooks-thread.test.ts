// On Node 22.15–22.22 and 24.0–24.11 the agent's ESM hooks take the off-thread
// module.register path, and Node runs --require preloads (from the flag or
// NODE_OPTIONS) again in that hooks thread. The hooks thread is not the app: it
// must get no agent (one startup line, no second exporter), while the app's own
// worker threads still do.
import * as path from 'node:path';
import { get, runToEnd, startApp, type Preload } from './helpers/app';
import { ROOT } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

const NODES: [string, string][] = [
  ['22.15', path.join(ROOT, 'node_modules', 'node22min', 'bin', 'node')],
  ['24.11', path.join(ROOT, 'node_modules', 'node24-11', 'bin', 'node')],
];
const startupLines = (stderr: string) => stderr.match(/^\[botanu\] agent .* on Node /gm) ?? [];

describe.each(NODES)('Node %s', (_, node) => {
  test.each([['require'], ['node-options']] as [Preload][])('--require via %s, ESM and CJS apps: one agent, spans delivered', async (preload) => {
    for (const script of ['http/express-app.mjs', 'http/express-app.cjs']) {
      const receiver = await new OtlpReceiver().start();
      const app = startApp(script, { node, preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, BOTANU_LOG_LEVEL: 'debug' } });
      try {
        const [, port] = await app.waitForOutput(/READY (\d+)/);
        expect((await get(`http://127.0.0.1:${port}/hello/1`)).status).toBe(200);
        await receiver.waitFor((s) => s.some((x) => x.name === 'GET /hello/:id'));
        expect(app.stderr()).toContain('esm hooks: async');
        expect(startupLines(app.stderr())).toHaveLength(1);
      } finally {
        app.kill();
        await app.exited;
        await receiver.stop();
      }
    }
  });

  test('the app\'s own worker threads still get the agent', async () => {
    const receiver = await new OtlpReceiver().start();
    try {
      const r = await runToEnd('lifecycle/threads.mjs', { node, preload: 'node-options', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
      expect(r.stdout).toContain('DONE');
      await receiver.waitFor((s) => s.some((x) => x.attributes['url.path'] === '/from-worker-thread' && x.kind === 3), 10_000);
    } finally {
      await receiver.stop();
    }
  });
});
