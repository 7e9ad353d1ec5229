// Decides how the agent lives beside the tracing the app already has, and says
// so in one line. Cases (README: "Living with the tracing you already have"):
// - nothing registered: the agent registers its globals; a switching provider
//   lets it adopt an SDK the app registers later (api hook);
// - an OpenTelemetry SDK already registered: attach to it in place;
//   the same when the app registers one after the agent;
// - an older @opentelemetry/api registry (1.9): attach in place only, no agent
//   instrumentations (they would run on a registry they cannot read);
// - Sentry's (or another non-SDK) provider: it keeps the global, the agent
//   records through its own provider beside it;
// - dd-trace: it owns the trace headers (see coexist-propagator.ts).
import { context, propagation, trace, type ContextManager, type TextMapPropagator, type TracerProvider } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { log } from '../config/logger';
import { API_MODULE, hookApiModules } from './api-hook';
import { attachInPlace, type AttachResult } from './attach-in-place';
import { CoexistPropagator } from './coexist-propagator';
import { announceDdTrace, ddTraceActive } from './dd-trace';
import { installFetchBaggageMerge } from './fetch-baggage-merge';
import { constructorName, rawRegistry, registeredTracerProvider, registryMinor, type RawRegistry } from './registry';
import { sdkProviderView, type SdkProviderView } from './sdk-provider';
import { isSentryComponent, sentryLoaded } from './sentry';
import { SwitchingTracerProvider } from './switching-tracer-provider';
import { yieldToExistingWrappers } from './yield-to-app-instrumentation';

/** The minor of the @opentelemetry/api bundled into the agent (package.json pins 1.10.0). */
const AGENT_API_MINOR = 10;

export interface CoexistOptions {
  agentProvider: TracerProvider;
  /** Run before the app's own processors when attached: the enricher (run attributes) and the redactor (no credential in a URL). */
  leadProcessors: SpanProcessor[];
  /** The processors that export to botanu (100%), after the app's. */
  attachProcessors: SpanProcessor[];
  contextManager: () => ContextManager;
  propagator: TextMapPropagator;
  baggageKeys: readonly string[];
}

/** Where the agent's own spans (instrumentations, botanuWorkflow) go, whoever holds the global. */
export const AGENT_TRACER_PROVIDER = Symbol.for('botanu.agent.tracer-provider');

export interface Coexistence {
  /** Points one of the agent's instrumentations at the agent's provider, yielding to the app's own wrappers. */
  adopt(instance: Instrumentation): void;
  /** For the startup summary: standalone, attached, attached-api-1.9, beside-sentry, … (+dd-trace). */
  mode: string;
  /** What the agent's instrumentations record through. */
  tracerProvider: SwitchingTracerProvider;
  /** Agent instrumentations to leave out, by short name, with why. */
  leaveOut: Map<string, string>;
  /** Modules the ESM hook must see (the api, for the registration hook). */
  esmModules: string[];
}

function attachLine(who: string, samplerDescription: string, share: string, shared: boolean): string {
  const tail = shared ? '; botanu shares your exporter\'s endpoint, so the agent sends it only the spans your exporters do not (each span arrives once)' : '';
  return `${who} (${samplerDescription}): your exporters keep ${share} with the same decisions; botanu records 100%${tail}`;
}

/** The http / undici instrumentations the app already has running: the agent's would replace them. */
function appInstrumented(): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const http = require('node:http') as { request?: { __wrapped?: boolean } };
    if (http.request?.__wrapped) out.set('http', 'the app instruments node:http itself');
    const dc = require('node:diagnostics_channel') as typeof import('node:diagnostics_channel');
    if (dc.hasSubscribers('undici:request:create')) out.set('undici', 'the app instruments fetch/undici itself');
  } catch {
    /* nothing known */
  }
  return out;
}

export function startCoexistence(opts: CoexistOptions): Coexistence {
  const switching = new SwitchingTracerProvider(opts.agentProvider);
  (globalThis as Record<symbol, unknown>)[AGENT_TRACER_PROVIDER] = switching.agentOwned();
  const result: Coexistence = {
    mode: 'standalone',
    tracerProvider: switching.agentOwned(),
    leaveOut: new Map(),
    esmModules: [API_MODULE],
    adopt(instance) {
      instance.setTracerProvider(this.tracerProvider);
      yieldToExistingWrappers(instance);
    },
  };
  const reg = rawRegistry();
  const minor = registryMinor(reg);
  const existing = registeredTracerProvider(reg);
  const view = existing && sdkProviderView(existing);

  if (reg && minor !== undefined && minor < AGENT_API_MINOR) {
    // The app's api (1.9) created the registry: the agent's api cannot read it.
    const r = view && tryAttach(view, opts);
    if (r) {
      switching.target = existing as TracerProvider;
      log.info(attachLine(`existing OpenTelemetry provider detected on @opentelemetry/api ${reg.version}`, r.samplerDescription, r.share, r.sharedEndpoint));
    }
    log.warn(
      `the app's @opentelemetry/api ${reg.version} registry is older than the agent's (1.${AGENT_API_MINOR}): the agent adds no instrumentation of its own${r ? ' and records what your instrumentations record' : ' and records nothing'}. Upgrade @opentelemetry/api to >=1.${AGENT_API_MINOR} for full coverage`,
    );
    result.leaveOut.set('*', 'older @opentelemetry/api registry');
    result.mode = `${r ? 'attached' : 'inactive'}-api-${reg.version}`;
    return result;
  }

  const attached = view && tryAttach(view, opts);
  if (view && attached) {
    switching.target = existing as TracerProvider;
    result.leaveOut = appInstrumented();
    result.mode = 'attached';
    log.info(attachLine('existing OpenTelemetry provider detected', attached.samplerDescription, attached.share, attached.sharedEndpoint));
  } else if (existing) {
    // Sentry's provider (or another non-SDK one) keeps the global; the agent's stays beside it.
    result.mode = isSentryComponent(existing) ? 'beside-sentry' : 'beside-other-provider';
    wrapRegisteredPropagator(reg, opts.baggageKeys);
    log.info(
      `${isSentryComponent(existing) ? "Sentry's OpenTelemetry setup" : `a non-SDK OpenTelemetry provider (${constructorName(existing) || 'unknown'})`} is registered: it stays the global provider and keeps working unchanged; botanu records through its own provider beside it`,
    );
  } else {
    context.setGlobalContextManager(opts.contextManager());
    propagation.setGlobalPropagator(new CoexistPropagator(opts.propagator, opts.baggageKeys));
    if (!trace.setGlobalTracerProvider(switching)) {
      // The slot holds a proxy with nothing behind it yet (an api used before any SDK): fill it.
      (reg?.trace as { setDelegate?: (p: TracerProvider) => void } | undefined)?.setDelegate?.(switching);
    }
  }
  installFetchBaggageMerge();
  if (ddTraceActive()) {
    announceDdTrace();
    result.mode += '+dd-trace';
  } else if (sentryLoaded() && !existing) log.info('Sentry detected (no OpenTelemetry setup): both record side by side; nothing of Sentry changes');

  hookApiModules({
    tracerProvider: (p, original) => adoptProvider(p, original, switching, opts),
    contextManager: (cm, original) => {
      // Sentry's manager carries its scopes: it must be the live one. Any other
      // app manager is an AsyncLocalStorage one like the agent's: keep ours.
      if (!isSentryComponent(cm)) return rawRegistry()?.context ? true : original(cm);
      context.disable();
      return original(cm);
    },
    propagator: (p, original) => {
      const inner = p as TextMapPropagator;
      if (typeof inner?.inject !== 'function' || typeof inner.extract !== 'function') return original(p);
      const fields = safeFields(inner);
      const withBaggage = fields.includes('baggage') ? inner : new CompositePropagator({ propagators: [inner, new W3CBaggagePropagator()] });
      propagation.disable();
      return propagation.setGlobalPropagator(new CoexistPropagator(withBaggage, opts.baggageKeys, isSentryComponent(inner)));
    },
  });
  return result;
}

/** Keeps the registered (Sentry's) propagator doing what it does, adding the botanu baggage entries. */
function wrapRegisteredPropagator(reg: RawRegistry | undefined, baggageKeys: readonly string[]): void {
  const current = reg?.propagation as TextMapPropagator | undefined;
  if (!current || typeof current.inject !== 'function' || current instanceof CoexistPropagator) return;
  propagation.disable();
  propagation.setGlobalPropagator(new CoexistPropagator(current, baggageKeys, isSentryComponent(current)));
}

function tryAttach(view: SdkProviderView, opts: CoexistOptions): AttachResult | undefined {
  try {
    return attachInPlace(view, opts.leadProcessors, opts.attachProcessors);
  } catch (err) {
    log.warn(`could not attach to the app's OpenTelemetry provider (${(err as Error)?.message}); it keeps working unchanged, botanu records only the agent's own spans`);
    return undefined;
  }
}

function safeFields(p: TextMapPropagator): string[] {
  try {
    return p.fields().map((f) => f.toLowerCase());
  } catch {
    return [];
  }
}

function adoptProvider(p: unknown, original: (v: unknown) => boolean, switching: SwitchingTracerProvider, opts: CoexistOptions): boolean {
  const view = sdkProviderView(p);
  if (view) {
    try {
      const r = attachInPlace(view, opts.leadProcessors, opts.attachProcessors);
      switching.target = p as TracerProvider;
      // After the app's own trace.disable() the slot is empty: fill it, or its getTracer() stays a no-op.
      if (!rawRegistry()?.trace) trace.setGlobalTracerProvider(switching);
      if (!r.alreadyAttached) log.info(attachLine('the app registered its OpenTelemetry provider', r.samplerDescription, r.share, r.sharedEndpoint));
      return true;
    } catch (err) {
      // The app's provider stays intact and becomes the global one (below); the agent's stays beside it.
      log.warn(`could not attach to the app's OpenTelemetry provider (${(err as Error)?.message}); it keeps working unchanged, botanu records only the agent's own spans`);
    }
  }
  // Not attachable (Sentry's, or another vendor's): it takes the global; the
  // agent's instrumentations keep recording through the agent's own provider.
  const proxy = trace.getTracerProvider() as TracerProvider & { setDelegate?: (d: TracerProvider) => void };
  if (typeof proxy.setDelegate !== 'function') return original(p);
  proxy.setDelegate(p as TracerProvider);
  log.info(
    `${isSentryComponent(p) ? 'Sentry registered its OpenTelemetry provider' : `the app registered a non-SDK OpenTelemetry provider (${constructorName(p) || 'unknown'})`}: it becomes the global provider and keeps working unchanged; botanu records through its own provider beside it`,
  );
  return true;
}
