// BOTANU_REDACT_QUERY_PARAMS adds query parameters to the default list whose
// values never leave the process; a bad entry warns once; doctor lists it and
// prints URLs in the same redacted form; the dev viewer prints spans from any
// SDK (here one that redacts nothing) in that form too.
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { cleanEnv, startApp } from '../helpers/app';
import { APP_DIR } from '../helpers/paths';
import { linesMentioning, probe } from '../helpers/probe';
import { SPAN_KIND, type DecodedSpan } from '../helpers/receiver';

const PROBE_PATH = '/probe?my_key=PLANTEDmine&session=PLANTEDsess&other=visible&token=PLANTEDtok';
const queries = (spans: DecodedSpan[]) => spans.filter((s) => s.kind === SPAN_KIND.SERVER || s.kind === SPAN_KIND.CLIENT).map((s) => String(s.attributes['url.query'] ?? s.attributes['url.full']));

test('unset: the default list only (token redacted, my_key kept)', async () => {
  const r = await probe({ PROBE_PATH });
  const q = queries(r.spans);
  expect(q).toHaveLength(2);
  for (const v of q) expect(v).toMatch(/my_key=PLANTEDmine&session=PLANTEDsess&other=visible&token=REDACTED$/);
});

test('my_key,session: their values are redacted too, on server and client spans; other parameters kept', async () => {
  const r = await probe({ PROBE_PATH, BOTANU_REDACT_QUERY_PARAMS: 'my_key, Session' });
  const q = queries(r.spans);
  expect(q).toHaveLength(2);
  for (const v of q) expect(v).toMatch(/my_key=REDACTED&session=REDACTED&other=visible&token=REDACTED$/);
  expect(JSON.stringify(r.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('PLANTED');
  expect(linesMentioning(r.stderr, 'BOTANU_REDACT_QUERY_PARAMS')).toEqual([]);
});

test('a bad entry warns once; the valid ones still apply', async () => {
  const r = await probe({ PROBE_PATH, BOTANU_REDACT_QUERY_PARAMS: 'my_key,bad=name,a b,session' });
  for (const v of queries(r.spans)) expect(v).toMatch(/my_key=REDACTED&session=REDACTED&other=visible&token=REDACTED$/);
  const warnings = linesMentioning(r.stderr, 'BOTANU_REDACT_QUERY_PARAMS');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('"bad=name", "a b"');
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent'), ...args], { cwd: APP_DIR, env: cleanEnv(env) });
    let stdout = '';
    proc.stdout.on('data', (c) => (stdout += c));
    proc.on('exit', (code) => resolve({ code, stdout }));
  });
}

test('doctor lists the variable and prints endpoint URLs in the same redacted form', async () => {
  const r = await run(['doctor', '--timeout', '500'], {
    BOTANU_REDACT_QUERY_PARAMS: 'my_key,session',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/otlp?api_key=PLANTEDendpointKey&my_key=PLANTEDmine&region=eu',
  });
  expect(r.stdout).toMatch(/BOTANU_REDACT_QUERY_PARAMS\s+my_key,session\s+env/);
  expect(r.stdout).toContain('+ my_key, session (BOTANU_REDACT_QUERY_PARAMS)');
  expect(r.stdout).toContain('http://127.0.0.1:9/otlp?api_key=REDACTED&my_key=REDACTED&region=eu');
  expect(r.stdout).not.toContain('PLANTED');
});

test('the dev viewer prints spans from an SDK that redacts nothing in the same redacted form', async () => {
  const dev = startApp(path.join(APP_DIR, 'node_modules', '.bin', 'botanu-agent'), { preload: 'none', args: ['dev', '--port', '0', '--json'], env: { BOTANU_REDACT_QUERY_PARAMS: 'session' } });
  try {
    const [, url] = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const t = setInterval(() => {
        const m = dev.stderr().match(/listening on (http:\/\/\S+)/);
        if (m) (clearInterval(t), clearTimeout(giveUp), resolve(m));
      }, 50);
      const giveUp = setTimeout(() => (clearInterval(t), reject(new Error(dev.stderr()))), 20_000);
    });
    const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const body = JSON.stringify({
      resourceSpans: [{
        resource: { attributes: [attr('service.name', 'raw-sdk')] },
        scopeSpans: [{
          scope: { name: 'handmade' },
          spans: [{
            traceId: '5b8efff798038103d269b633813fc60c', spanId: '0000000000000001', name: 'GET https://u:PLANTEDpw@api.example.com/x?token=PLANTEDtok', kind: 3,
            startTimeUnixNano: '1', endTimeUnixNano: '2',
            attributes: [attr('url.full', 'https://u:PLANTEDpw@api.example.com/x?key=PLANTEDkey&session=PLANTEDsess&page=2'), attr('db.connection_string', 'postgres://app:PLANTEDdb@db:5432/main')],
            status: { code: 2, message: 'failed: https://api.example.com/x?client_secret=PLANTEDcs' },
          }],
        }],
      }],
    });
    expect((await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    await dev.waitForOutput(/"type":"span".*\n/);
    const line = dev.stdout().split('\n').find((l) => l.startsWith('{"type":"span"'))!;
    expect(line).toContain('https://REDACTED:REDACTED@api.example.com/x?key=REDACTED&session=REDACTED&page=2');
    expect(line).toContain('postgres://REDACTED:REDACTED@db:5432/main');
    expect(line).not.toContain('PLANTED');
  } finally {
    dev.kill();
    await dev.exited;
  }
});
