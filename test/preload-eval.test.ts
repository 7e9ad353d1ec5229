// `node -e` / `node -p` under the preload: code with no parent file requires
// builtins (Node itself does for -e), which must not crash the process, and is
// instrumented like any script.
import { runToEnd, type Preload } from './helpers/app';
import { OtlpReceiver, SPAN_KIND } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

// A server that calls itself once, then closes: the process exits on its own.
const EVAL = `
const http = require('http');
require('node:os');
const s = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => {
  http.get('http://127.0.0.1:' + s.address().port + '/eval', (r) => { r.resume(); r.on('end', () => { console.log('EVAL-OK'); s.close(); }); });
});`;

test.each<Preload>(['require', 'node-options'])('node -e under %s runs, exits 0 and exports its server and client spans', async (preload) => {
  const res = await runToEnd('-e', { preload, args: [EVAL], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(res.stderr).not.toMatch(/ENOENT|Error:/);
  expect(res.stdout).toContain('EVAL-OK');
  expect(res.code).toBe(0);
  const spans = await receiver.waitFor((s) => s.some((x) => x.kind === SPAN_KIND.SERVER) && s.some((x) => x.kind === SPAN_KIND.CLIENT));
  const server = spans.find((s) => s.kind === SPAN_KIND.SERVER)!;
  expect(server.attributes['url.path']).toBe('/eval');
  expect(spans.find((s) => s.kind === SPAN_KIND.CLIENT)!.traceId).toBe(server.traceId);
});

test('node -p under --require prints its value', async () => {
  const res = await runToEnd('-p', { preload: 'require', args: ['require("node:path").join("a", "b")'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  expect(res.code).toBe(0);
  expect(res.stdout.trim()).toBe('a/b');
});
