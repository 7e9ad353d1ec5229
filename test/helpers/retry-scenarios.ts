// Runs a retry fixture app (fixtures/retry/) against the flaky server and
// returns, per scenario, its run span and the HTTP client spans made directly
// under it (one per attempt), in the order they started.
import { runToEnd, startApp, type RunningApp } from './app';
import { SPAN_KIND, type DecodedSpan, type OtlpReceiver } from './receiver';

export interface ScenarioSpans {
  runId: string;
  body?: unknown;
  error?: string;
  run: DecodedSpan;
  /** CLIENT spans whose parent is the run span, by start time. */
  attempts: DecodedSpan[];
  /** CLIENT spans carrying this run's id but parented elsewhere (must be none). */
  strays: DecodedSpan[];
  /** Every span carrying this run's id. */
  all: DecodedSpan[];
}

export async function startFlakyServer(): Promise<{ app: RunningApp; url: string }> {
  const app = startApp('retry/flaky-server.cjs', { preload: 'none' });
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  return { app, url: `http://127.0.0.1:${port}` };
}

export async function runScenarios(script: string, receiver: OtlpReceiver, flakyUrl: string, tag: string): Promise<Record<string, ScenarioSpans>> {
  const r = await runToEnd(script, { preload: 'import', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, FLAKY_URL: flakyUrl, SCENARIO_TAG: tag } }, 45_000);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.code !== 0 || !line) throw new Error(`${script} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const results = JSON.parse(line.slice('RESULT '.length)) as Record<string, { runId: string; body?: unknown; error?: string }>;
  const runIds = Object.values(results).map((x) => x.runId);
  // The process flushed on exit; wait for every run span to be decoded.
  const spans = await receiver.waitFor((all) => runIds.every((id) => all.some((s) => s.name.startsWith('botanu.run/') && s.attributes['botanu.run_id'] === id)));
  const out: Record<string, ScenarioSpans> = {};
  for (const [name, res] of Object.entries(results)) {
    const run = spans.find((s) => s.name.startsWith('botanu.run/') && s.attributes['botanu.run_id'] === res.runId)!;
    const clients = spans.filter((s) => s.kind === SPAN_KIND.CLIENT && s.attributes['botanu.run_id'] === res.runId);
    const attempts = clients.filter((s) => s.parentSpanId === run.spanId).sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    const all = spans.filter((s) => s.attributes['botanu.run_id'] === res.runId);
    out[name] = { ...res, run, attempts, strays: clients.filter((s) => s.parentSpanId !== run.spanId), all };
  }
  return out;
}

/** `http.request.resend_count` of each attempt, undefined where absent. */
export function resendCounts(s: ScenarioSpans): (number | undefined)[] {
  return s.attempts.map((a) => a.attributes['http.request.resend_count'] as number | undefined);
}

export function statuses(s: ScenarioSpans): (number | string | undefined)[] {
  return s.attempts.map((a) => (a.attributes['http.response.status_code'] as number | undefined) ?? (a.attributes['error.type'] as string | undefined));
}
