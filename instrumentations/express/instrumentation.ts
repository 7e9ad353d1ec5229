// express 4 and 5: a span per layer a request goes through (`middleware - <name>`,
// `router - <path>`, `request handler - <route>`, with `http.route`,
// `express.name`, `express.type`) and the route on the HTTP server span, the
// same spans @opentelemetry/instrumentation-express 0.72 made (test/express-spans-diff.test.ts),
// at a fraction of its cost per request and without anything the app can see.
// Registration is patched where upstream patched it, through the
// instrumentation's shimmer (router.route, router.use, app.use: each layer
// they add is traced with the path it was registered on), so an app's own
// ExpressInstrumentation enabled later replaces this one exactly as it replaced
// upstream, and one enabled before is left alone
// (agent/coexist/yield-to-app-instrumentation.ts): one layer records.
// The span itself is made by express's Layer prototype (./layer-prototype.ts)
// and ./layer-call.ts. The scope stays `@opentelemetry/instrumentation-express`:
// what the spans carry is unchanged, and OTEL_NODE_DISABLED_INSTRUMENTATIONS
// names it as before.
import type { Tracer } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { AGENT_VERSION } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { likeTarget, type AnyFn } from '../like-target';
import { layerPathOf } from './layer-path';
import { traceLayer } from './layer-prototype';

export const EXPRESS_SCOPE = '@opentelemetry/instrumentation-express';

interface RouterLike {
  stack?: unknown[];
  route?: AnyFn;
  use?: AnyFn;
}
interface ExpressModule {
  Router?: RouterLike & { prototype?: RouterLike };
  application?: { use?: AnyFn };
}

function lastLayer(router: RouterLike | undefined): unknown {
  const stack = router?.stack;
  return Array.isArray(stack) ? stack[stack.length - 1] : undefined;
}

/** A registration method (router.route / router.use) that traces the layer it added. */
function tracingRegistration(tracer: () => Tracer) {
  return (original: AnyFn): AnyFn => {
    const registration = function (this: RouterLike) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const out = Reflect.apply(original, this, args);
      try {
        traceLayer(lastLayer(this), layerPathOf(args), tracer);
      } catch {
        /* registered, untraced */
      }
      return out;
    };
    return likeTarget(registration as unknown as AnyFn, original);
  };
}

/** app.use: the layer it added to the app's router (router.use traced it already, unless another router.use ran). */
function tracingAppUse(tracer: () => Tracer, routerOf: (app: Record<string, unknown>) => unknown) {
  return (original: AnyFn): AnyFn => {
    const use = function (this: Record<string, unknown>) {
      let router: unknown;
      try {
        router = routerOf(this);
      } catch {
        /* express's own use reports it */
      }
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const out = Reflect.apply(original, this, args);
      try {
        if (router) traceLayer(lastLayer(router as RouterLike), layerPathOf(args), tracer);
      } catch {
        /* registered, untraced */
      }
      return out;
    };
    return likeTarget(use as unknown as AnyFn, original);
  };
}

export class ExpressInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(EXPRESS_SCOPE, AGENT_VERSION, config);
  }

  protected init() {
    const tracer = () => this.tracer;
    const range = [SUPPORTED_VERSIONS.express.express];
    // express's index.js is `module.exports = require('./lib/express')`: patched there, the
    // same exports are patched whether the app require()s express or imports it from an ES
    // module (Node loads a CommonJS package's entry for an import without the require hook,
    // but the entry's own require() goes through it), so express needs no ESM hook
    // (instrumentations/index.ts: esmThroughRequire).
    const patch = (exports: ExpressModule) => {
      // express 5: Router is the `router` package's class; express 4: an object of router methods.
      const v5 = typeof exports?.Router?.prototype?.route === 'function';
      const routerProto = (v5 ? exports.Router!.prototype : exports?.Router) as Record<string, unknown> | undefined;
      const app = exports?.application as Record<string, unknown> | undefined;
      if (!routerProto || !app) return exports;
      for (const name of ['route', 'use']) {
        if (typeof routerProto[name] !== 'function') continue;
        if (isWrapped(routerProto[name])) this._unwrap(routerProto as never, name as never);
        this._wrap(routerProto as never, name as never, tracingRegistration(tracer) as never);
      }
      if (typeof app.use === 'function') {
        if (isWrapped(app.use)) this._unwrap(app as never, 'use' as never);
        // Read before use() runs, as upstream did (express 4 makes its router lazily: the first app.use is traced by router.use).
        this._wrap(app as never, 'use' as never, tracingAppUse(tracer, (a) => (v5 ? a.router : a._router)) as never);
      }
      return exports;
    };
    const unpatch = (exports: ExpressModule) => {
      if (exports === undefined) return;
      const v5 = typeof exports?.Router?.prototype?.route === 'function';
      const routerProto = (v5 ? exports.Router!.prototype : exports?.Router) as Record<string, unknown> | undefined;
      if (routerProto) {
        this._unwrap(routerProto as never, 'route' as never);
        this._unwrap(routerProto as never, 'use' as never);
      }
      if (exports.application) this._unwrap(exports.application as never, 'use' as never);
    };
    return [new InstrumentationNodeModuleDefinition('express', range, undefined, undefined, [new InstrumentationNodeModuleFile('express/lib/express.js', range, patch, unpatch)])];
  }
}
