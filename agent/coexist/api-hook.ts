// Catches the app registering its own OpenTelemetry SDK after the agent: every
// copy of @opentelemetry/api the app loads (CommonJS through
// require-in-the-middle, ESM through import-in-the-middle, any api version)
// gets its three global setters routed to the agent. Without this, the app's
// `sdk.start()` / `provider.register()` fails with "duplicate registration"
// (visible only with a diag logger) and its exporters silently get nothing.
import { log } from '../logger';

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

/** Hooks future loads of the api (CJS and ESM) and patches copies already loaded. */
export function hookApiModules(handlers: ApiRegistrationHandlers): void {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (/[\\/]@opentelemetry[\\/]api[\\/](build[\\/]src[\\/]index\.js|dist[\\/]index\.cjs)$/.test(file)) patchApiModule(mod?.exports, handlers);
  }
  try {
    const { Hook } = require('require-in-the-middle') as typeof import('require-in-the-middle');
    new Hook([API_MODULE], (exports) => {
      patchApiModule(exports, handlers);
      return exports;
    });
  } catch (err) {
    log.debug(`coexistence: require hook for ${API_MODULE} unavailable: ${(err as Error)?.message}`);
  }
  try {
    const IITM = require('import-in-the-middle') as { Hook: new (m: string[], o: object, fn: (ns: unknown) => void) => unknown };
    new IITM.Hook([API_MODULE], { internals: false }, (ns) => patchApiModule(ns, handlers));
  } catch (err) {
    log.debug(`coexistence: ESM hook for ${API_MODULE} unavailable: ${(err as Error)?.message}`);
  }
}
