// When the app's own OpenTelemetry instrumentation (a NodeSDK or a distro
// preloaded before the agent) has already wrapped a library function, the
// agent's instrumentation of the same library leaves it alone. Without this
// the agent's copy, enabled later, would unwrap the app's and wrap its own
// ("the last one enabled wins"): one span per operation still, but the app's
// configuration (hooks, ignore rules) silently gone, and its spans the agent's.
// When the app instruments after the agent, the app's copy wins as usual.
import type { Instrumentation } from '@opentelemetry/instrumentation';

type Wrap = (exportsObj: Record<string, unknown>, name: string, wrapper: unknown) => unknown;
type Unwrap = (exportsObj: Record<string, unknown>, name: string) => unknown;

const agentWrapped = new WeakSet<object>();

function wrappedByShimmer(fn: unknown): fn is { __wrapped: true } & object {
  return typeof fn === 'function' && (fn as { __wrapped?: unknown }).__wrapped === true && typeof (fn as { __unwrap?: unknown }).__unwrap === 'function';
}

/** Makes one of the agent's instrumentations skip functions another instrumentation already wrapped. */
export function yieldToExistingWrappers(instance: Instrumentation): void {
  const inst = instance as unknown as { _wrap?: Wrap; _unwrap?: Unwrap };
  const wrap = inst._wrap;
  const unwrap = inst._unwrap;
  if (typeof wrap !== 'function' || typeof unwrap !== 'function') return;
  inst._wrap = (exportsObj, name, wrapper) => {
    const current = exportsObj?.[name];
    if (wrappedByShimmer(current) && !agentWrapped.has(current)) return current;
    const out = wrap(exportsObj, name, wrapper);
    const now = exportsObj?.[name];
    if (now && (typeof now === 'function' || typeof now === 'object')) agentWrapped.add(now as object);
    return out;
  };
  inst._unwrap = (exportsObj, name) => {
    const current = exportsObj?.[name];
    if (wrappedByShimmer(current) && !agentWrapped.has(current)) return undefined; // the app's: not ours to remove
    return unwrap(exportsObj, name);
  };
}
