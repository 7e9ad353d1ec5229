// `botanu-agent dev --json` with the demo services: each run summary agrees with
// the decoded spans it was made from, and with what the services did.
import * as path from 'node:path';
import type { AttrValue } from '../agent/devtools/otlp-decode';
import { runToEnd, startApp } from './helpers/app';
import { runDemo } from './helpers/demo';
import { APP_DIR } from './helpers/paths';

interface SpanLine {
  type: 'span';
  name: string;
  kind: number;
  attributes: Record<string, AttrValue>;
  resource: Record<string, AttrValue>;
  status: { code: number };
}
interface RunLine {
  type: 'run';
  runId: string;
  workflow: string;
  customerId: string;
  outcome: string;
  services: string[];
  spanCount: number;
  llmCalls: unknown[];
  tokens: { input: number; output: number; cached: number };
  retries: { count: number };
  errors: { service: string; span: string }[];
}

test('run summaries match their spans: services, span counts, outcome, LLM tokens, retries, errors', async () => {
  const r = await runDemo(['--json']);
  expect(r.code).toBe(0);
  const records = r.stdout.split('\n').filter((l) => l.startsWith('{"type":')).map((l) => JSON.parse(l));
  const spans = records.filter((x): x is SpanLine => x.type === 'span');
  const runs = records.filter((x): x is RunLine => x.type === 'run');
  const driven = [...r.stdout.matchAll(/^▶ GET \/tickets\/T-\d+\?customer=(\w+)\S* → HTTP (\d+), run (\S+)/gm)].map((m) => ({ customer: m[1], status: Number(m[2]), runId: m[3] }));
  expect(runs.map((x) => x.runId)).toEqual(driven.map((d) => d.runId));

  for (const [i, run] of runs.entries()) {
    const own = spans.filter((s) => s.attributes['botanu.run_id'] === run.runId);
    expect(run.spanCount).toBe(own.length);
    // entry: server, run, fetch client; answer: server, express, LLM HTTP attempt(s)
    expect(own.length).toBeGreaterThanOrEqual(6);
    expect(new Set(run.services)).toEqual(new Set(own.map((s) => s.resource['service.name'])));
    expect(run.services).toEqual(['entry', 'answer']);
    expect(run.customerId).toBe(driven[i].customer);
    expect(run.outcome).toBe(driven[i].status === 200 ? 'success' : 'failed');
    const sum = (k: string) => own.reduce((n, s) => n + (typeof s.attributes[k] === 'number' ? (s.attributes[k] as number) : 0), 0);
    expect(run.tokens.input).toBe(sum('gen_ai.usage.input_tokens'));
    expect(run.tokens.output).toBe(sum('gen_ai.usage.output_tokens'));
    const cached = own.reduce((n, s) => n + Number(s.attributes['gen_ai.usage.cache_read.input_tokens'] ?? s.attributes['botanu.usage.cache_read_tokens'] ?? 0), 0);
    expect(run.tokens.cached).toBe(cached);
    expect(run.llmCalls).toHaveLength(own.filter((s) => s.attributes['gen_ai.request.model'] !== undefined).length);
    expect(run.llmCalls).toHaveLength(1);
    expect(run.retries.count).toBe(own.filter((s) => Number(s.attributes['http.request.resend_count'] ?? 0) > 0).length);
    expect(run.retries.count).toBe(i === 1 ? 1 : 0);
    expect(run.errors).toHaveLength(own.filter((s) => s.status.code === 2).length);
    // What the LLM stand-in was asked: one attempt, two for the rate-limited run.
    const attempts = own.filter((s) => s.kind === 3 && s.resource['service.name'] === 'answer' && /^POST/.test(s.name));
    expect(attempts).toHaveLength(i === 1 ? 2 : 1);
  }
  // The stand-in sent 120/30/64 per completion and completed two of the three calls.
  const totals = runs.reduce((t, x) => ({ input: t.input + x.tokens.input, output: t.output + x.tokens.output, cached: t.cached + x.tokens.cached }), { input: 0, output: 0, cached: 0 });
  expect(totals).toEqual({ input: 240, output: 60, cached: 128 });
});

test('spans outside any run, and a run whose run span never arrives, are reported rather than dropped', async () => {
  const dev = startApp(path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent'), { preload: 'none', args: ['dev', '--port', '0', '--quiet-ms', '200'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = dev.stderr().match(/listening on (http:\/\/\S+)/);
        if (m) (clearInterval(t), resolve(m[1]));
      }, 50);
      dev.exited.then(() => (clearInterval(t), reject(new Error(dev.stderr()))));
    });
    // The probe's server span continues a run started upstream (run id in baggage); its client span is outside any run.
    const probe = await runToEnd('env/probe.mjs', { preload: 'import', env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_SERVICE_NAME: 'probe', BOTANU_LOG_LEVEL: 'warn' } });
    expect(probe.code).toBe(0);
    await dev.waitForOutput(/· spans outside any run \(no botanuWorkflow around them\): probe 1\n/);
    await dev.waitForOutput(/· run run-from-upstream: 1 spans from probe, but not its botanu\.run\/<workflow> span/);
    expect(dev.stdout()).not.toContain('── run');
  } finally {
    dev.kill();
    expect((await dev.exited).code).toBe(0);
  }
});
