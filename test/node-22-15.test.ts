// The oldest supported Node (22.15, engines floor) has module.registerHooks but not the
// fix import-in-the-middle's in-thread hooks need, so the agent takes the off-thread
// module.register path there: ESM apps must still get framework spans, from either flag.
import * as path from 'node:path';
import { get, startApp, type Preload } from './helpers/app';
import { ROOT } from './helpers/paths';
import { OtlpReceiver } from './helpers/receiver';

const NODE_22_15 = path.join(ROOT, 'node_modules', 'node22min', 'bin', 'node');

test.each([['import'], ['node-options']] as [Preload][])('Node 22.15, ESM express under %s: express spans through the off-thread loader', async (preload) => {
  const receiver = await new OtlpReceiver().start();
  const app = startApp('http/express-app.mjs', { node: NODE_22_15, preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, BOTANU_LOG_LEVEL: 'debug' } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    expect((await get(`http://127.0.0.1:${port}/hello/1`)).status).toBe(200);
    const spans = await receiver.waitFor((s) => s.some((x) => x.name === 'GET /hello/:id') && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
    expect(spans.find((s) => s.name === 'GET /hello/:id')!.resource['process.runtime.version']).toBe('22.15.0');
    expect(app.stderr()).toContain('esm hooks: async');
  } finally {
    app.kill();
    await app.exited;
    await receiver.stop();
  }
});
