// pino, winston and bunyan (newest majors, bunyan 2 included) in CommonJS and ESM
// apps: a record written inside a run carries trace_id, span_id and trace_flags of
// the active span and botanu.run_id, botanu.workflow, botanu.event_id,
// botanu.customer_id from the run's baggage, so a log store groups logs by run;
// a record outside any run carries none. BOTANU_LOGS_RUN_CONTEXT=false keeps the
// trace ids only; OTEL_NODE_DISABLED_INSTRUMENTATIONS turns a logger off entirely.
import { runToEnd } from './helpers/app';
import { OtlpReceiver } from './helpers/receiver';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await new OtlpReceiver().start();
});
afterEach(() => receiver.stop());

type LogRecord = Record<string, unknown>;
const LIBS = ['pino', 'winston', 'bunyan'];

async function runLoggers(script: string, preload: 'require' | 'import', env: Record<string, string> = {}) {
  const res = await runToEnd(script, { preload, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'log-app', ...env } });
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|fail|warn/i) });
  expect(res.stdout).toContain('DONE');
  const records = res.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogRecord);
  const byLib = (msg: string) => Object.fromEntries(LIBS.map((lib) => [lib, records.find((r) => r.lib === lib && (r.msg ?? r.message) === msg)]));
  return { inside: byLib('inside'), outside: byLib('outside') };
}

describe.each([
  ['CommonJS app, --require', 'logs/loggers.cjs', 'require'],
  ['ESM app, --import', 'logs/loggers.mjs', 'import'],
] as const)('%s', (_label, script, preload) => {
  test('records inside a run carry the trace ids and the run; records outside carry neither', async () => {
    const { inside, outside } = await runLoggers(script, preload);
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'botanu.run/log-run'));
    const run = spans.find((s) => s.name === 'botanu.run/log-run')!;
    for (const lib of LIBS) {
      const r = inside[lib]!;
      expect({ lib, trace_id: r.trace_id, span_id: r.span_id, trace_flags: r.trace_flags }).toEqual({ lib, trace_id: run.traceId, span_id: run.spanId, trace_flags: '01' });
      expect({ lib, run: r['botanu.run_id'], wf: r['botanu.workflow'], ev: r['botanu.event_id'], cust: r['botanu.customer_id'] }).toEqual({
        lib,
        run: run.attributes['botanu.run_id'],
        wf: 'log-run',
        ev: 'evt-log-1',
        cust: 'cust-log',
      });
      expect(Object.keys(outside[lib]!).filter((k) => k.startsWith('botanu.') || /^(trace_id|span_id|trace_flags)$/.test(k))).toEqual([]);
    }
  });
});

test('BOTANU_LOGS_RUN_CONTEXT=false keeps the trace ids without the run keys; a disabled logger instrumentation adds nothing', async () => {
  const off = await runLoggers('logs/loggers.cjs', 'require', { BOTANU_LOGS_RUN_CONTEXT: 'false', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'winston' });
  for (const lib of ['pino', 'bunyan']) {
    expect(off.inside[lib]!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(off.inside[lib]!['botanu.run_id']).toBeUndefined();
  }
  expect(Object.keys(off.inside.winston!).sort()).toEqual(['level', 'lib', 'message']);
});
