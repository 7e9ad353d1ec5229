// import-in-the-middle is loaded on the first `import` resolution (agent/start/esm-hooks.ts):
// that very import must be instrumented too, also when it is not the entry point.
import { get, startApp } from './helpers/app';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

test.each(['require', 'import'] as const)('a CommonJS app whose first import is import("express") (--%s): express spans', async (preload) => {
  const app = startApp('http/express-dynamic-import.cjs', { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  try {
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    expect((await get(`http://127.0.0.1:${port}/hello/7`)).status).toBe(200);
    const spans = await receiver.waitFor((s) => s.some((x) => x.kind === SPAN_KIND.SERVER) && s.some((x) => x.scope.name === '@opentelemetry/instrumentation-express'));
    expect(spans.find((s) => s.kind === SPAN_KIND.SERVER)!.name).toBe('GET /hello/:id');
  } finally {
    app.kill();
    await app.exited;
  }
});
