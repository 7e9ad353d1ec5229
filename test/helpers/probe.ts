// Runs the configuration probe app (fixtures/env/probe.mjs) to completion under
// the agent with the given env, against a fresh receiver.
import { runToEnd, type Preload } from './app';
import { OtlpReceiver, type DecodedSpan } from './receiver';

export interface ProbeResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seen: { baggage: string | null; traceparent: string | null; b3: string | null; xb3: string | null };
  spans: DecodedSpan[];
  receiver: OtlpReceiver;
}

export async function probe(env: Record<string, string | undefined>, opts: { receiver?: OtlpReceiver; preload?: Preload; script?: string } = {}): Promise<ProbeResult> {
  const receiver = opts.receiver ?? (await new OtlpReceiver().start());
  try {
    const r = await runToEnd(opts.script ?? 'env/probe.mjs', { preload: opts.preload ?? 'import', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env } });
    const line = r.stdout.split('\n').find((l) => l.startsWith('SEEN '));
    // The probe exits after its one request; anything exported at exit has arrived by now.
    await new Promise((res) => setTimeout(res, 100));
    return { ...r, seen: line ? JSON.parse(line.slice(5)) : null, spans: [...receiver.spans], receiver };
  } finally {
    if (!opts.receiver) await receiver.stop();
  }
}

/** The agent's warning lines that mention a variable. */
export function linesMentioning(stderr: string, variable: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('[botanu] warn:') && l.includes(variable));
}
