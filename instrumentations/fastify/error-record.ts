// Which errors fastify handled during a routed request, for its span
// (./request-span.ts): every error fastify answers — thrown or rejected by the
// handler or a hook, a validation error, an error handler's own throw — goes
// through `handleError(reply, error, cb)` in fastify's lib/error-handler.js
// (fastify 4 and 5). reply.js takes that function from the module's exports when
// it loads, so the exports are wrapped as the file loads: nothing the app holds
// (app, request, reply, hooks, the error handler it set) changes, and no hook,
// plugin or diagnostics channel subscriber is added (a subscriber changes the
// status fastify's error handlers see: see ./instrumentation.ts).
import { InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { likeTarget, type AnyFn } from '../like-target';
import { recordError } from './request-span';

interface ErrorHandlerModule {
  handleError?: AnyFn;
}

// Wrappers made here, so a second load of the file (or a re-enable) wraps once.
const WRAPPERS = new WeakSet<AnyFn>();

function recording(handleError: AnyFn): AnyFn {
  const wrapper = function (this: unknown) {
    try {
      // eslint-disable-next-line prefer-rest-params
      const reply = arguments[0] as { raw?: unknown } | null | undefined;
      // eslint-disable-next-line prefer-rest-params
      if (reply && typeof reply === 'object') recordError(reply.raw, arguments[1]);
    } catch {
      /* fastify handles the error as without the agent */
    }
    // eslint-disable-next-line prefer-rest-params
    return handleError.apply(this, arguments as unknown as unknown[]);
  };
  WRAPPERS.add(wrapper);
  return likeTarget(wrapper, handleError);
}

/** The file hook for the fastify module definition. */
export function errorHandlerFile(): InstrumentationNodeModuleFile {
  const originals = new WeakMap<object, AnyFn>();
  return new InstrumentationNodeModuleFile(
    'fastify/lib/error-handler.js',
    [SUPPORTED_VERSIONS.fastify.fastify],
    (exports: ErrorHandlerModule) => {
      try {
        const original = exports?.handleError;
        if (typeof original === 'function' && !WRAPPERS.has(original)) {
          originals.set(exports, original);
          exports.handleError = recording(original);
        }
      } catch {
        /* errors are then seen only through 5xx answers */
      }
      return exports;
    },
    (exports: ErrorHandlerModule) => {
      const original = exports && originals.get(exports);
      if (original) exports.handleError = original;
      return exports;
    },
  );
}
