// Nothing lost at exit, and the app's own exit semantics kept.
import { startApp } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

// A long schedule delay: nothing would be exported before exit unless the exit path flushes.
const env = () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '600000' });

async function served(mode: string, path = '/work', preload: 'import' | 'node-options' = 'import') {
  const app = startApp('lifecycle/server.mjs', { preload, env: { ...env(), MODE: mode } });
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  await fetch(`http://127.0.0.1:${port}${path}`).catch(() => {});
  return app;
}

test.each([['SIGTERM'], ['SIGINT']] as const)('%s without an app handler: spans delivered, process dies of the signal', async (sig) => {
  const app = await served('default');
  await new Promise((r) => setTimeout(r, 100));
  expect(receiver.spans).toHaveLength(0);
  app.kill(sig);
  const { code, signal } = await app.exited;
  expect(signal).toBe(sig);
  expect(code).toBeNull();
  expect(receiver.spans.filter((s) => s.kind === 2).length).toBeGreaterThanOrEqual(2);
});

test('SIGTERM with the app\'s own handler: its handler runs, its exit code stands, spans delivered', async () => {
  const app = await served('own-handler', '/work', 'node-options');
  app.kill('SIGTERM');
  const { code } = await app.exited;
  expect(code).toBe(0);
  expect(app.stdout()).toContain('APP HANDLER RAN');
  expect(receiver.spans.length).toBeGreaterThanOrEqual(3);
});

test('process.exit() right after work: spans delivered, exit code kept', async () => {
  const app = await served('default', '/exit');
  const { code } = await app.exited;
  expect(code).toBe(3);
  await receiver.waitFor((s) => s.some((x) => x.attributes['url.path'] === '/exit'), 5000);
  // Nothing reported lost: the exit-time accounting knows the sender delivered them.
  expect(app.stderr()).not.toMatch(/spans for .*(unsent [1-9]|failed [1-9])/);
});

test('uncaught exception: spans delivered, the crash is the app\'s own (exit 1, its stack trace)', async () => {
  const app = await served('default', '/throw');
  const { code } = await app.exited;
  expect(code).toBe(1);
  expect(app.stderr()).toContain('uncaught in app');
  await receiver.waitFor((s) => s.some((x) => x.attributes['url.path'] === '/throw'), 5000);
});

test('worker threads and cluster workers each export their own spans', async () => {
  const { runToEnd } = await import('./helpers/app');
  const r = await runToEnd('lifecycle/threads.mjs', { env: env() });
  expect(r.stdout).toContain('DONE');
  const spans = await receiver.waitFor((s) => ['/from-worker-thread', '/from-cluster-worker-1', '/from-cluster-worker-2'].every((p) => s.some((x) => x.attributes['url.path'] === p && x.kind === 3)), 10_000);
  const pids = new Set(spans.filter((s) => s.kind === 3).map((s) => s.resource['process.pid']));
  expect(pids.size).toBe(3); // primary (worker thread shares its pid) + two cluster workers
});

test('process.exit right after the SIGTERM flush posted its batch (next start): each span delivered once', async () => {
  // The collector answers late: the flush's batch has arrived but is still in flight when the app exits.
  const slow = await new OtlpReceiver({ answerDelayMs: 1500 }).start();
  try {
    const app = startApp('lifecycle/server.mjs', { preload: 'node-options', env: { OTEL_EXPORTER_OTLP_ENDPOINT: slow.url, OTEL_BSP_SCHEDULE_DELAY: '600000', MODE: 'exit-after-close' } });
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${port}/work`);
    app.kill('SIGTERM');
    const { code } = await app.exited;
    expect(code).toBe(143);
    await new Promise((r) => setTimeout(r, 500));
    const ids = slow.spans.map((s) => s.spanId);
    expect(ids.length).toBeGreaterThanOrEqual(9); // 3 × (server + client + leaf server)
    expect(new Set(ids).size).toBe(ids.length);
  } finally {
    await slow.stop();
  }
});

test.each([['import'], ['node-options']] as const)('@openai/agents handles SIGTERM too (%s): the app ends as without the agent (exit 0), spans delivered', async (preload) => {
  const app = startApp('lifecycle/openai-agents/server.mjs', { preload, env: env() });
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  await fetch(`http://127.0.0.1:${port}/`);
  const t0 = Date.now();
  app.kill('SIGTERM');
  const { code, signal } = await app.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(Date.now() - t0).toBeLessThan(6000);
  await receiver.waitFor((s) => s.some((x) => x.kind === 2), 3000);
});

test('uncaught exception in a request handler: the crash report is the app\'s own (throw site first), the span has the error', async () => {
  const crash = async (preload: 'import' | 'none') => {
    const app = startApp('lifecycle/throw-in-handler.cjs', { preload, env: env() });
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    await fetch(`http://127.0.0.1:${port}/`).catch(() => {});
    const { code } = await app.exited;
    const report = app.stderr().split('\n').filter((l) => !l.startsWith('[botanu]'));
    // Everything up to the stack frames: location, source line, caret, message.
    return { code, head: report.slice(0, report.findIndex((l) => /^\s+at /.test(l))).join('\n') };
  };
  const without = await crash('none');
  const withAgent = await crash('import');
  expect(without.head).toMatch(/throw-in-handler\.cjs:6\n\s+throw new Error\('thrown by the app handler'\);\n\s+\^/);
  expect(withAgent).toEqual(without);
  const [span] = await receiver.waitFor((s) => s.some((x) => x.kind === 2), 5000);
  expect(span.status.code).toBe(2);
  expect(span.events.map((e) => e.attributes['exception.message'])).toContain('thrown by the app handler');
});
