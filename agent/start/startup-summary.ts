// The one line the agent prints at startup (info level), and the detail behind
// it at debug level. Everything printed here has already been redacted.
import type { AgentConfig } from '../config/config';
import { redactUrl } from '../config/redact';

export interface StartupSummary {
  agentVersion: string;
  nodeVersion: string;
  serviceName: string;
  /** Redacted destinations, e.g. `http://localhost:4318/v1/traces`. */
  destinations: string[];
  propagators: string[];
  /** How the agent shares the process with tracing the app set up itself (agent/coexist sets it). */
  coexistence: string;
  /** Active instrumentations, with the installed library version where there is one. */
  instrumentations: { name: string; version?: string }[];
}

export function describeDestinations(cfg: AgentConfig): string[] {
  return cfg.destinations.map((d) => `${d.role === 'otlp' ? 'sampled ' : ''}${d.kind === 'console' ? 'console' : redactUrl(d.url)}`);
}

export function formatStartupSummary(s: StartupSummary): string {
  const instr = s.instrumentations.map((i) => (i.version ? `${i.name} ${i.version}` : i.name)).join(', ');
  return (
    `agent ${s.agentVersion} on Node ${s.nodeVersion}: service ${s.serviceName}, ` +
    `exporting to ${s.destinations.join(' + ') || 'nowhere (OTEL_TRACES_EXPORTER=none)'}, ` +
    `propagators ${s.propagators.join(',')}, coexistence ${s.coexistence}, ` +
    `instrumenting ${instr || 'nothing'} (more: BOTANU_LOG_LEVEL=debug, npx botanu-agent doctor)`
  );
}

/** The debug-level detail: every setting that came from the environment, redacted. */
export function startupDetails(cfg: AgentConfig): string[] {
  const fromEnv = cfg.records.filter((r) => r.source === 'env').map((r) => `${r.name}=${/^https?:\/\//.test(r.value) ? redactUrl(r.value) : r.value}`);
  return [
    `settings from the environment: ${fromEnv.join(' ') || 'none (all defaults)'}`,
    `sampler ${cfg.sampler.name}${cfg.sampler.name.endsWith('ratio') ? ` ${cfg.sampler.ratio}` : ''} (botanu records every span); batch delay ${cfg.bsp.scheduleDelayMs} ms; environment ${cfg.environment}`,
  ];
}
