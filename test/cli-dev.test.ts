// `botanu-agent dev --json` with the demo services: each run summary agrees with
// the decoded spans it was made from, and with what the services did.
import * as path from 'node:path';
import type { AttrValue } from '../agent/cli/receiver/otlp-decode';
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

/** `botanu-agent dev` from the installed package on a free port; resolves with its URL once listening. */
async function startDev() {
  const dev = startApp(path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent'), { preload: 'none', args: ['dev', '--port', '0', '--quiet-ms', '200'] });
  const url = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = dev.stderr().match(/listening on (http:\/\/\S+)/);
      if (m) (clearInterval(t), clearTimeout(giveUp), resolve(m[1]));
    }, 50);
    const giveUp = setTimeout(() => (clearInterval(t), dev.kill(), reject(new Error(`dev did not start: ${dev.stderr()}`))), 20_000);
    dev.exited.then(() => (clearInterval(t), clearTimeout(giveUp), reject(new Error(dev.stderr()))));
  });
  return { dev, url };
}

test('spans outside any run are counted, and a run whose run span never arrives is shown partial', async () => {
  const { dev, url } = await startDev();
  try {
    // The probe's server span continues a run started upstream (run id in baggage); its client span is outside any run.
    const probe = await runToEnd('env/probe.mjs', { preload: 'import', env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_SERVICE_NAME: 'probe', BOTANU_LOG_LEVEL: 'warn' } });
    expect(probe.code).toBe(0);
    await dev.waitForOutput(/· spans outside any run \(no botanuWorkflow around them\): probe 1\n/);
    await dev.waitForOutput(/── run \S+ run-from-upstream \(partial\)\n/);
    expect(dev.stdout()).toMatch(/   partial   only what probe exported here; the entry service's botanu\.run\/<workflow> span did not arrive/);
    expect(dev.stdout()).toMatch(/   services  probe \(1\)   spans 1/);
  } finally {
    dev.kill();
    expect((await dev.exited).code).toBe(0);
  }
});

/** One OTLP/JSON export request, as any OpenTelemetry SDK with http/json would send it. */
function otlpJson(service: string, spans: { name: string; spanId: string; attributes: Record<string, string | number>; status?: number }[]) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'handmade' },
            spans: spans.map((s) => ({
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: s.spanId,
              name: s.name,
              kind: 1,
              startTimeUnixNano: String(now),
              endTimeUnixNano: String(now + 5_000_000n),
              attributes: Object.entries(s.attributes).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
              status: { code: s.status ?? 0 },
            })),
          },
        ],
      },
    ],
  });
}

test('http/json exports are read too, and spans arriving after a run was printed reprint it as updated', async () => {
  const { dev, url } = await startDev();
  try {
    const run = { 'botanu.run_id': 'run-json-1', 'botanu.workflow': 'invoice', 'botanu.customer_id': 'c-9', 'botanu.event_id': 'inv-7' };
    const post = (body: string) => fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(otlpJson('billing', [
      { name: 'botanu.run/invoice', spanId: '0000000000000001', attributes: { ...run, 'botanu.outcome.status': 'success', 'botanu.run.duration_ms': 42 } },
      { name: 'chat claude', spanId: '0000000000000002', attributes: { ...run, 'gen_ai.request.model': 'claude-x', 'gen_ai.usage.input_tokens': 11, 'gen_ai.usage.output_tokens': 7 } },
    ]))).status).toBe(200);
    await dev.waitForOutput(/── run invoice run-json-1\n/);
    expect((await post(otlpJson('ledger', [{ name: 'POST /entries', spanId: '0000000000000003', attributes: { ...run, 'http.request.resend_count': 1 }, status: 2 }]))).status).toBe(200);
    await dev.waitForOutput(/── run invoice run-json-1 \(updated: late spans arrived\)\n/);
    const updated = dev.stdout().split('(updated: late spans arrived)\n')[1];
    expect(updated).toContain('outcome   success   duration 42 ms');
    expect(updated).toContain('customer  c-9   event inv-7');
    expect(updated).toContain('services  billing → ledger (2)   spans 3');
    expect(updated).toContain('llm       1 call, tokens 11 in / 7 out / 0 cached');
    expect(updated).toContain('retries   1 (ledger: POST /entries)');
    expect(updated).toContain('errors    1\n             ledger: POST /entries');
  } finally {
    dev.kill();
    await dev.exited;
  }
});

test('a span delivered twice (an exporter resends its in-flight batch when the process exits) counts once, and its LLM call is priced once', async () => {
  const { dev, url } = await startDev();
  try {
    const run = { 'botanu.run_id': 'run-dup-1', 'botanu.workflow': 'triage', 'botanu.customer_id': 'c-1', 'botanu.event_id': 'e-1' };
    const body = otlpJson('triage-svc', [
      { name: 'botanu.run/triage', spanId: '0000000000000011', attributes: { ...run, 'botanu.outcome.status': 'success' } },
      { name: 'chat gpt-4o-mini', spanId: '0000000000000012', attributes: { ...run, 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100 } },
    ]);
    for (let i = 0; i < 2; i++) expect((await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    await dev.waitForOutput(/── run triage run-dup-1\n[^]*?\n\n/);
    const block = dev.stdout().split('── run triage run-dup-1\n')[1];
    expect(block).toContain('spans 2\n');
    expect(block).toContain('llm       1 call, tokens 1000 in / 100 out / 0 cached\n');
    // gpt-4o-mini in @pydantic/genai-prices 0.1.8: 1000 × $0.15 + 100 × $0.60 per million.
    expect(block).toContain('   cost      $0.00021 (1 call priced)\n');
  } finally {
    dev.kill();
    await dev.exited;
  }
});

test('a run seen only from a downstream service: its block shows model, tokens and retries, marked partial; whole once the run span arrives', async () => {
  const { dev, url } = await startDev();
  try {
    const run = { 'botanu.run_id': 'run-part-1', 'botanu.workflow': 'support', 'botanu.customer_id': 'c-1', 'botanu.event_id': 'tkt-3' };
    const post = (body: string) => fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(otlpJson('answer', [
      { name: 'POST /answer', spanId: '0000000000000011', attributes: run },
      { name: 'chat gpt-x', spanId: '0000000000000012', attributes: { ...run, 'gen_ai.request.model': 'gpt-x', 'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 5 } },
      { name: 'POST', spanId: '0000000000000013', attributes: { ...run, 'http.request.resend_count': 1 } },
    ]))).status).toBe(200);
    await dev.waitForOutput(/── run support run-part-1 \(partial\)\n/);
    const partial = dev.stdout().split('(partial)\n')[1];
    expect(partial).toContain('outcome   unknown');
    expect(partial).toContain('customer  c-1   event tkt-3');
    expect(partial).toContain('services  answer (1)   spans 3');
    expect(partial).toContain('llm       1 call, tokens 20 in / 5 out / 0 cached');
    expect(partial).toContain('gpt-x (answer, via handmade): 20 in / 5 out / 0 cached');
    expect(partial).toContain('retries   1 (answer: POST)');
    // The entry service's run span after all: the block is reprinted whole.
    expect((await post(otlpJson('entry', [{ name: 'botanu.run/support', spanId: '0000000000000014', attributes: { ...run, 'botanu.outcome.status': 'success', 'botanu.run.duration_ms': 80 } }]))).status).toBe(200);
    await dev.waitForOutput(/── run support run-part-1 \(updated: late spans arrived\)\n/);
    const whole = dev.stdout().split('(updated: late spans arrived)\n')[1];
    expect(whole).toContain('outcome   success   duration 80 ms');
    expect(whole).not.toContain('partial');
  } finally {
    dev.kill();
    await dev.exited;
  }
});
