// `botanu-agent doctor`: everything a user needs to know about the agent in
// this app, gathered with the agent's own code (config, detection, exporter).
import * as path from 'node:path';
import { loadConfig } from '../config/config';
import type { EnvRecord } from '../config/env';
import { redactHeaders, redactUrl } from '../config/redact';
import { AGENT_VERSION } from '../version';
import { selectInstrumentations } from '../../instrumentations/loader';
import { satisfies } from '../../instrumentations/version-range';
import type { DoctorReport } from './doctor-report';
import { libraryCoverage } from './library-coverage';
import { checkDestinations } from './live-check';
import { scanTracers } from './other-tracers';
import { renderDoctor } from './doctor-text';
import { secretScrubber } from './secret-scrub';
import { DEFAULT_REDACTED_QUERY_PARAMS, UrlSecretRule } from '../config/url-secrets';
import pkg from '../../package.json';

export interface DoctorOptions {
  appDir: string;
  env: NodeJS.ProcessEnv;
  json: boolean;
  /** The app's start command, when given after `--` (scanned for preload flags). */
  command: string[];
  timeoutMs: number;
}

function effectiveRecords(records: EnvRecord[], urls: UrlSecretRule): EnvRecord[] {
  const byName = new Map<string, EnvRecord>();
  for (const r of records) byName.set(r.name, { ...r, value: /^https?:\/\//.test(r.value) ? redactUrl(r.value, urls) : r.value });
  return [...byName.values()];
}

export async function collectDoctorReport(opts: DoctorOptions): Promise<DoctorReport> {
  // Detection walks node_modules up from the entry script: make that the app, not this CLI.
  process.argv[1] = path.join(opts.appDir, 'botanu-doctor');
  const cfg = loadConfig(opts.env);
  const urls = new UrlSecretRule(cfg.redactQueryParams);
  const selection = selectInstrumentations(cfg.enabledInstrumentations, cfg.disabledInstrumentations);
  const required = pkg.engines.node;
  const node = { version: process.versions.node, required, supported: satisfies(process.versions.node, required) === true };
  const libraries = libraryCoverage(opts.appDir, cfg.enabledInstrumentations, cfg.disabledInstrumentations);
  const tracers = scanTracers(opts.appDir, opts.env, opts.command);
  const checks = cfg.enabled ? await checkDestinations(cfg, opts.timeoutMs) : [];

  const blocking: string[] = [];
  const warnings: string[] = [];
  if (!node.supported) blocking.push(`Node ${node.version} is not supported (needs ${required}): the agent stays inactive`);
  if (!cfg.enabled) blocking.push(`the agent is disabled by ${cfg.disabledReason}`);
  else if (cfg.destinations.length === 0) blocking.push('no destination: OTEL_TRACES_EXPORTER=none sends spans nowhere');
  for (const c of checks) if (!c.ok) blocking.push(`${c.url} did not accept the test span (${c.result})`);
  for (const l of libraries.libraries) if (l.status === 'unsupported-version') warnings.push(l.note!);
  for (const t of tracers.otherTracers) warnings.push(`${t.source} ${t.flag} ${t.module} starts ${t.tracer} in the same process`);
  if (!tracers.botanuPreloaded) warnings.push('no --import/--require @botanu/agent/register found in NODE_OPTIONS or package.json scripts; make sure the app is started with it');

  return {
    agentVersion: AGENT_VERSION,
    appDir: opts.appDir,
    node,
    enabled: cfg.enabled,
    disabledReason: cfg.disabledReason,
    effective: {
      serviceName: cfg.serviceName,
      environment: cfg.environment,
      destinations: cfg.destinations.map((d) => ({
        role: d.role === 'botanu' ? 'botanu (every recorded span)' : 'app OTLP (sampled spans only)',
        url: d.kind === 'console' ? 'console (stdout)' : redactUrl(d.url, urls),
        protocol: d.protocol,
        headers: redactHeaders(d.headers),
        compression: d.compression,
        timeoutMs: d.timeoutMs,
      })),
      propagators: cfg.propagators,
      sampler: `${cfg.sampler.name}${cfg.sampler.name.endsWith('ratio') ? ` ${cfg.sampler.ratio}` : ''}`,
      batchDelayMs: cfg.bsp.scheduleDelayMs,
      instrumentationFilter: { enabled: cfg.enabledInstrumentations, disabled: cfg.disabledInstrumentations },
      redactedQueryParams: { defaults: DEFAULT_REDACTED_QUERY_PARAMS, extra: cfg.redactQueryParams },
    },
    settings: effectiveRecords(cfg.records, urls),
    invalid: [...cfg.warnings, ...selection.warnings],
    libraries,
    tracers,
    checks,
    blocking,
    warnings,
  };
}

export async function runDoctor(opts: DoctorOptions): Promise<number> {
  const report = await collectDoctorReport(opts);
  const scrub = secretScrubber(opts.env, new UrlSecretRule(report.effective.redactedQueryParams.extra));
  const text = opts.json ? JSON.stringify(report, null, 2) : renderDoctor(report);
  process.stdout.write(scrub(text) + '\n');
  return report.blocking.length ? 1 : 0;
}
