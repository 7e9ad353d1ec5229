// Sends one test span to each configured destination with the agent's own
// exporter (same headers, protocol, compression, timeout) and reports what happened.
import { SpanKind } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { AgentConfig } from '../config/config';
import { createExporter } from '../export/create-exporter';
import { redactUrl } from '../config/redact';
import { buildResource } from '../config/resource';
import { AGENT_VERSION } from '../version';

export const CHECK_SPAN_NAME = 'botanu.doctor/check';

export interface DestinationCheck {
  role: 'botanu' | 'otlp';
  url: string; // redacted
  protocol: string;
  headers: string[]; // names only
  ok: boolean;
  /** `HTTP 200`, `HTTP 401`, `ECONNREFUSED`, `no answer within 5000 ms`, or `not checked (console)`. */
  result: string;
  ms?: number;
}

function testSpan(cfg: AgentConfig): ReadableSpan {
  let ended: ReadableSpan | undefined;
  const capture: SpanProcessor = {
    onStart: () => {},
    onEnd: (s) => (ended = s),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new TracerProvider({ resource: buildResource(cfg), spanProcessors: [capture] });
  provider
    .getTracer('botanu-doctor', AGENT_VERSION)
    .startSpan(CHECK_SPAN_NAME, { kind: SpanKind.INTERNAL, attributes: { 'botanu.doctor.check': true } })
    .end();
  return ended!;
}

export async function checkDestinations(cfg: AgentConfig, timeoutMs: number): Promise<DestinationCheck[]> {
  if (cfg.destinations.length === 0) return [];
  const span = testSpan(cfg);
  return Promise.all(
    cfg.destinations.map(async (d): Promise<DestinationCheck> => {
      const base = { role: d.role, url: d.kind === 'console' ? 'stdout' : redactUrl(d.url), protocol: d.protocol, headers: Object.keys(d.headers) };
      if (d.kind === 'console') return { ...base, ok: true, result: 'not checked (console exporter prints to stdout)' };
      const exporter = createExporter(d);
      const started = Date.now();
      try {
        const batch = exporter.newBatch();
        batch.add(span);
        const r = await exporter.send(batch.seal(), Math.min(d.timeoutMs, timeoutMs));
        return { ...base, ok: r.ok, result: r.ok ? 'accepted' : r.reason, ms: Date.now() - started };
      } finally {
        exporter.shutdown();
      }
    }),
  );
}
