// The human-readable doctor report. Marks: ✓ fine, ! worth a look, ✗ prevents telemetry.
import type { DoctorReport } from './doctor-report';

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

export function renderDoctor(r: DoctorReport): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);

  line(`botanu-agent doctor ${r.agentVersion} — app ${r.appDir}`);
  line(`${r.node.supported ? '✓' : '✗'} Node ${r.node.version} (${r.node.supported ? 'supported' : 'NOT supported'}; the agent needs ${r.node.required})`);
  if (!r.enabled) line(`✗ the agent is disabled (${r.disabledReason})`);

  line();
  line('Effective configuration');
  const e = r.effective;
  line(`  service         ${e.serviceName}   environment ${e.environment}`);
  if (e.destinations.length === 0) line('  destinations    none');
  for (const d of e.destinations) line(`  destination     ${d.url}  ${d.protocol}, headers ${d.headers}, compression ${d.compression}, timeout ${d.timeoutMs} ms — ${d.role}`);
  line(`  propagators     ${e.propagators.join(',')}`);
  line(`  sampler         ${e.sampler} (botanu records every span; the sampler sets the sampled flag)`);
  line(`  batch delay     ${e.batchDelayMs} ms`);
  if (e.instrumentationFilter.enabled) line(`  only            ${e.instrumentationFilter.enabled.join(', ')} (OTEL_NODE_ENABLED_INSTRUMENTATIONS)`);
  if (e.instrumentationFilter.disabled.length) line(`  disabled        ${e.instrumentationFilter.disabled.join(', ')} (OTEL_NODE_DISABLED_INSTRUMENTATIONS)`);
  const rq = e.redactedQueryParams;
  line(`  redacted        userinfo in URLs; query values of ${rq.defaults.length} default parameters${rq.extra.length ? ` + ${rq.extra.join(', ')} (BOTANU_REDACT_QUERY_PARAMS)` : ''}`);

  line();
  line('Where each setting came from');
  const shown = r.settings.filter((s) => s.source === 'env' || s.problem || s.value !== '(unset)');
  const width = Math.max(...shown.map((s) => s.name.length), 10) + 2;
  for (const s of shown) {
    const source = s.problem ? `default, env value rejected: ${s.problem}` : s.source === 'env' ? 'env' : 'default';
    line(`  ${pad(s.name, width)}${pad(s.value, 28)}${source}`);
  }
  const unset = r.settings.length - shown.length;
  if (unset) line(`  (+${unset} variables unset, without a default; --json lists them)`);

  line();
  if (r.invalid.length === 0) line('✓ no invalid values');
  else {
    line(`Problems in the environment (${r.invalid.length}); the agent uses a safe value for each`);
    for (const w of r.invalid) line(`  ! ${w}`);
  }

  line();
  line('Libraries');
  for (const l of r.libraries.libraries) {
    const mark = l.status === 'unsupported-version' ? '!' : l.status === 'disabled' ? '-' : '✓';
    const what = l.installed ? `${l.library} ${l.installed}` : l.library;
    const how = l.status === 'disabled' ? `not instrumented: ${l.note}` : l.status === 'unsupported-version' ? `NOT COVERED: ${l.note}` : `covered by ${l.coveredBy} (${l.versions}${l.installed && !l.checkedRange ? '; version not checked' : ''})${l.note ? `: ${l.note}` : ''}`;
    line(`  ${mark} ${pad(what, 26)}${how}`);
  }
  if (r.libraries.uncovered.length) line(`  · no dedicated instrumentation (their HTTP calls are still traced): ${r.libraries.uncovered.join(', ')}`);

  line();
  line('Preloads and other tracers');
  if (r.tracers.preloads.length === 0) line('  no preload flags found in NODE_OPTIONS or package.json scripts');
  for (const p of r.tracers.preloads) {
    const mark = p.tracer === 'botanu' ? '✓' : p.tracer ? '!' : '·';
    line(`  ${mark} ${p.source}: ${p.flag} ${p.module}${p.tracer && p.tracer !== 'botanu' ? ` — sets up ${p.tracer}` : p.tracer ? ' — the botanu agent' : ''}`);
  }
  if (r.tracers.installedTracers.length) line(`  · tracing packages in dependencies (may be started in code): ${r.tracers.installedTracers.join(', ')}`);

  line();
  line('Live check: one test span to each destination');
  if (r.checks.length === 0) line('  (nothing to check)');
  for (const c of r.checks) line(`  ${c.ok ? '✓' : '✗'} ${c.url}: ${c.result}${c.ms !== undefined ? ` (${c.ms} ms)` : ''}`);

  line();
  for (const w of r.warnings) line(`! ${w}`);
  if (r.blocking.length === 0) line('✓ telemetry will flow: nothing prevents it');
  else {
    line(`✗ ${r.blocking.length} problem${r.blocking.length > 1 ? 's' : ''} prevent${r.blocking.length > 1 ? '' : 's'} telemetry:`);
    for (const b of r.blocking) line(`  ✗ ${b}`);
  }
  return out.join('\n');
}
