// Starts the agent: config → provider → globals → instrumentations → exit hooks.
// Called once per process (guarded by a global symbol, so a flag plus
// NODE_OPTIONS, or two installed copies, initialise once).
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import { AgentTracerProvider } from '../spans/tracer-provider';
import { startCoexistence } from '../coexist/coexistence';
import { loadConfig, type AgentConfig } from '../config/config';
import { AgentContextManager } from '../run/context-manager';
import { isMainThread } from './main-thread';
import { registerEsmHooks } from './esm-hooks';
import { internalsHookedBy, requireHookOf, trieNames, watchRequireHooks, type HookedNames, type HooksInternals } from './require-prefilter';
import { isToolProcess } from './tool-process';
import { ExportProcessor } from '../export/export-processor';
import { log, setLogLevel } from '../config/logger';
import { createExporter } from '../export/create-exporter';
import { configuredPropagator } from '../config/propagation';
import { baggageAllowedTo, installOutgoingBaggageGuard, untrustedIncomingBaggage } from '../run/baggage-boundary';
import { buildResource } from '../config/resource';
import { RunContextEnricher } from '../run/run-context-enricher';
import { SpanRedactor } from '../export/span-redactor';
import { PooledIdGenerator } from './span-ids';
import { UrlSecretRule } from '../config/url-secrets';
import { AnthropicNativeSpans } from '../../instrumentations/anthropic/native-spans';
import { describeDestinations, formatStartupSummary, startupDetails } from './startup-summary';
import { agentSampler } from '../config/sampler';
import { installShutdownHooks } from '../export/shutdown';
import { AGENT_VERSION } from '../version';
import { installedVersion } from '../../instrumentations/detect';
import { constructInstrumentations, selectInstrumentations, type Constructed } from '../../instrumentations/loader';

const SHUTDOWN_TIMEOUT_MS = 5000;

export interface AgentState {
  config: AgentConfig;
  provider: TracerProvider;
  processors: ExportProcessor[];
  instrumentations: string[];
  esmHooks: string;
}

export function start(pkgDir: string): AgentState | undefined {
  const cfg = loadConfig(process.env);
  if (isToolProcess(process.argv[1]) && !cfg.instrumentTools) return undefined;
  setLogLevel(cfg.logLevel);
  for (const w of cfg.warnings) log.warn(w);
  if (!cfg.enabled) {
    log.info(`agent ${AGENT_VERSION} is disabled (${cfg.disabledReason}); nothing is instrumented`);
    return undefined;
  }
  // One rule for credentials in URLs: on every span, and on OpenTelemetry's own log lines.
  const urls = new UrlSecretRule(cfg.redactQueryParams);
  if (cfg.otelLogLevel && cfg.otelLogLevel !== 'none') {
    const level = { error: DiagLogLevel.ERROR, warn: DiagLogLevel.WARN, info: DiagLogLevel.INFO, debug: DiagLogLevel.DEBUG, verbose: DiagLogLevel.VERBOSE, all: DiagLogLevel.ALL }[cfg.otelLogLevel] ?? DiagLogLevel.INFO;
    const out = (prefix: string) => (m: string, ...a: unknown[]) => {
      try {
        process.stderr.write(urls.redact(`[otel] ${prefix}${m}${a.length ? ' ' + a.map((x) => (x instanceof Error ? x.message : String(x))).join(' ') : ''}`) + '\n');
      } catch {
        /* stderr closed */
      }
    };
    diag.setLogger({ error: out('error: '), warn: out('warn: '), info: out(''), debug: out('debug: '), verbose: out('verbose: ') }, { logLevel: level, suppressOverrideMessage: true });
  }

  const processors = cfg.destinations.map((d) => {
    return new ExportProcessor(createExporter(d), { ...cfg.bsp, sampledOnly: d.role === 'otlp' });
  });
  // One redactor for every span, before anything exports it (ours or, attached, the app's processors).
  const redactor = new SpanRedactor(urls);
  const provider = new AgentTracerProvider({
    resource: buildResource(cfg),
    sampler: agentSampler(cfg.sampler),
    spanLimits: cfg.spanLimits,
    idGenerator: new PooledIdGenerator(),
    spanProcessors: [new RunContextEnricher(cfg.baggageKeys), new AnthropicNativeSpans(), redactor, ...processors],
  });

  // require-in-the-middle's hook goes in while the globals and instrumentations are set up
  // (with the first of them); a filter in front of it keeps it off the require()s no
  // instrumentation can want (agent/start/require-prefilter.ts).
  const requireWatch = watchRequireHooks();
  let coexist: ReturnType<typeof startCoexistence>;
  let built: Constructed[];
  let esmHooks = 'none';
  const baggagePolicy = { deny: cfg.baggageDenyHosts, allow: cfg.baggageAllowHosts };
  let started = false;
  try {
    // Registers the globals, or joins the tracing the app already has (agent/coexist).
    coexist = startCoexistence({
      agentProvider: provider,
      leadProcessors: [new RunContextEnricher(cfg.baggageKeys), new AnthropicNativeSpans(), redactor],
      attachProcessors: processors.filter((_, i) => cfg.destinations[i].role === 'botanu'),
      contextManager: () => new AgentContextManager().enable(),
      propagator: cfg.trustIncomingBaggage ? configuredPropagator(cfg.propagators) : untrustedIncomingBaggage(configuredPropagator(cfg.propagators)),
      baggageKeys: cfg.baggageKeys,
    });

    const selection = selectInstrumentations(cfg.enabledInstrumentations, cfg.disabledInstrumentations);
    for (const w of selection.warnings) log.warn(w);
    selection.entries = selection.entries.filter((e) => !coexist.leaveOut.has(e.name) && !coexist.leaveOut.has('*'));
    try {
      esmHooks = registerEsmHooks([...new Set([...selection.entries.flatMap((e) => [...(e.esmThroughRequire ? [] : e.modules), ...(e.esmInternals ?? [])]), ...coexist.esmModules])], pkgDir);
    } catch (err) {
      log.warn(`ESM hooks could not be registered (${(err as Error).message}); ESM libraries will not be instrumented, CommonJS ones still are`);
    }
    built = constructInstrumentations(
      selection.entries,
      { baggageAllowedTo: baggageAllowedTo(baggagePolicy), genai: cfg.genai, logs: cfg.logs },
      (entry, err) => log.warn(`instrumentation ${entry.name} (${entry.coveredBy}): ${(err as Error)?.message ?? err}`),
      (entry, module, version) => log.debug(`${entry.name}: hooked ${module}${version ? ` ${version}` : ''} as it loaded`),
    );
    for (const { instances } of built) for (const instance of instances) coexist.adopt(instance);
    started = true;
  } finally {
    requireWatch.finish(started ? () => hookedNamesOf(built) : undefined);
  }
  // After the instrumentations: its channel subscribers must run after theirs have injected.
  installOutgoingBaggageGuard(baggagePolicy);

  installShutdownHooks(processors, SHUTDOWN_TIMEOUT_MS, async () => {
    await Promise.allSettled(processors.map((p) => p.forceFlush(SHUTDOWN_TIMEOUT_MS)));
  });

  const names = built.map((b) => b.entry.name);
  // One line per app, not per process: a worker thread, or a child forked with an IPC
  // channel (cluster workers, PM2, job runners' sandboxes), would repeat it into the
  // output its parent owns (BullMQ's sandboxed processors pipe it into the parent's stderr).
  const announce = isMainThread() && typeof process.send !== 'function' ? log.info : log.debug;
  announce(
    formatStartupSummary({
      agentVersion: AGENT_VERSION,
      nodeVersion: process.versions.node,
      serviceName: cfg.serviceName,
      destinations: describeDestinations(cfg),
      propagators: cfg.propagators,
      coexistence: coexist.mode,
      instrumentations: built.map((b) => ({ name: b.entry.name, version: b.entry.builtin ? undefined : installedVersion(b.entry.modules[0] ?? '') })),
    }),
  );
  // Set by dist/register-loader.cjs, which evaluated this bundle (absent when the bundle was required directly).
  const codeCache = (globalThis as Record<symbol, unknown>)[Symbol.for('botanu.agent.code-cache')] ?? 'not used';
  for (const line of [...startupDetails(cfg), `esm hooks: ${esmHooks}`, `code cache: ${codeCache}`]) log.debug(line);
  return { config: cfg, provider, processors, instrumentations: names, esmHooks };
}

/** The live hooked-name test behind the instrumentations' shared require hook, and which packages' own files they patch. */
function hookedNamesOf(built: Constructed[]): { names: HookedNames; internals?: HooksInternals } | undefined {
  for (const { instances } of built)
    for (const instance of instances) {
      const hook = requireHookOf(instance);
      if (hook) return { names: trieNames(hook.trie), internals: internalsHookedBy(() => hook.singleton._botanuModules) };
    }
  return undefined;
}
