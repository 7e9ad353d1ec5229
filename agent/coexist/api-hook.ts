// Catches the app registering its own OpenTelemetry SDK after the agent: every
// copy of @opentelemetry/api the app loads (CommonJS through
// require-in-the-middle, ESM through import-in-the-middle, any api version)
// gets its three global setters routed to the agent. Without this, the app's
// `sdk.start()` / `provider.register()` fails with "duplicate registration"
// (visible only with a diag logger) and its exporters silently get nothing.
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { log } from '../config/logger';
import { AGENT_VERSION } from '../version';

export const API_MODULE = '@opentelemetry/api';
const PATCHED = Symbol.for('botanu.coexist.api-patched');

type Setter = (value: unknown) => boolean;

export interface ApiRegistrationHandlers {
  /** Each handler decides what happens; `original` registers as the api would have. */
  tracerProvider(value: unknown, original: Setter): boolean;
  contextManager(value: unknown, original: Setter): boolean;
  propagator(value: unknown, original: Setter): boolean;
}

function patchSetter(target: unknown, method: string, handler: (value: unknown, original: Setter) => boolean): void {
  if (!target || typeof target !== 'object') return;
  const obj = target as Record<string | symbol, unknown>;
  const orig = obj[method];
  if (typeof orig !== 'function' || obj[PATCHED]) return;
  const original: Setter = (v) => (orig as Setter).call(obj, v);
  obj[method] = function botanuRoutedSetter(value: unknown): boolean {
    try {
      return handler(value, original);
    } catch (err) {
      log.debug(`coexistence: ${method} handler failed (${(err as Error)?.message}); registering as the api would`);
      return original(value);
    }
  };
  obj[PATCHED] = true;
}

/** Patches one loaded api module (its exports object or ESM namespace). */
export function patchApiModule(api: unknown, handlers: ApiRegistrationHandlers): void {
  try {
    const a = api as { trace?: unknown; context?: unknown; propagation?: unknown } | undefined;
    if (!a) return;
    patchSetter(a.trace, 'setGlobalTracerProvider', handlers.tracerProvider);
    patchSetter(a.context, 'setGlobalContextManager', handlers.contextManager);
    patchSetter(a.propagation, 'setGlobalPropagator', handlers.propagator);
  } catch (err) {
    log.debug(`coexistence: could not patch a copy of ${API_MODULE}: ${(err as Error)?.message}`);
  }
}

// Future loads are caught through the instrumentations' shared require hook
// (one require-in-the-middle layer for everything) and import-in-the-middle,
// by registering as one more instrumentation. A require-in-the-middle Hook of
// its own would add a second layer that resolves every require() of the app
// again: ~20 ms of a 300 ms startup (bench/README.md, startup profile).
class ApiRegistrationHook extends InstrumentationBase {
  handlers: ApiRegistrationHandlers | undefined;

  constructor() {
    super('@botanu/agent-coexist-api', AGENT_VERSION, { enabled: false });
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(API_MODULE, ['*'], (exports: unknown) => {
        if (this.handlers) patchApiModule(exports, this.handlers);
        return exports;
      }),
    ];
  }
}

/** Hooks future loads of the api (CJS and ESM) and patches copies already loaded. */
export function hookApiModules(handlers: ApiRegistrationHandlers): void {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (/[\\/]@opentelemetry[\\/]api[\\/](build[\\/]src[\\/]index\.js|dist[\\/]index\.cjs)$/.test(file)) patchApiModule(mod?.exports, handlers);
  }
  try {
    const hook = new ApiRegistrationHook();
    hook.handlers = handlers;
    hook.enable();
  } catch (err) {
    log.debug(`coexistence: load hooks for ${API_MODULE} unavailable: ${(err as Error)?.message}`);
  }
}
