// fastify: the route template on the HTTP server span (http.route, and so its
// name `GET /users/:id`), read where fastify routes a request: find-my-way,
// its router. Each handler registered with the router (`router.on(method, path,
// opts, handler, store)`; fastify's own internal `routeHandler`, with the route's
// context as the store) is wrapped to copy `store.config.url` onto the request's
// server span before it runs. The wrapper keeps `this`, the arguments, the return
// value, anything thrown, and the handler's name and length.
//
// Nothing is visible to the app (issue 21). @fastify/otel registered a plugin and
// decorators, wrapped every hook and handler and replaced addHook and
// setNotFoundHandler: fastify's own suite saw 28 tests change (chaining, thrown
// null/undefined/symbols, hook validation, hasPlugin/printPlugins/printRoutes,
// encapsulation). fastify's diagnostics channel (`tracing:fastify.request.handler`)
// is no better: with any subscriber fastify takes another path that sets the
// reply's status before a custom error handler runs (an error handler that sends
// without a status answers 500 instead of 200). Here the app's functions, routes,
// hooks, plugins, requests and replies are untouched; fastify's 404 router's
// contexts have no `config.url` and set no route.
//
// There is no span per handler: the server span carries the route, and work the
// handler does is its child.
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
interface RouterLike {
  prototype?: { on: AnyFn };
}

/** `wrapper`, with `target`'s name and length (frameworks and apps read both). */
function likeTarget(wrapper: AnyFn, target: AnyFn): AnyFn {
  Object.defineProperty(wrapper, 'length', { value: target.length, configurable: true });
  Object.defineProperty(wrapper, 'name', { value: target.name, configurable: true });
  return wrapper;
}

/** The route template of a fastify route context (find-my-way's store), if it is one. */
function routeOf(store: unknown): string | undefined {
  const url = (store as { config?: { url?: unknown } } | null | undefined)?.config?.url;
  return typeof url === 'string' ? url : undefined;
}

/** A handler that first records its route on the active HTTP server span; otherwise the handler itself. */
function withRoute(handler: AnyFn): AnyFn {
  const routed = function (this: unknown) {
    try {
      // eslint-disable-next-line prefer-rest-params
      const route = routeOf(arguments[3]);
      const rpc = route === undefined ? undefined : getRPCMetadata(context.active());
      if (rpc?.type === RPCType.HTTP) rpc.route = route;
    } catch {
      /* never into the app's request */
    }
    // eslint-disable-next-line prefer-rest-params
    return handler.apply(this, arguments as unknown as unknown[]);
  };
  return likeTarget(routed, handler);
}

export class FastifyInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('fastify'), config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'find-my-way',
      [SUPPORTED_VERSIONS.fastify['find-my-way']],
      (Router: RouterLike) => {
        const proto = Router?.prototype;
        if (typeof proto?.on !== 'function') return Router;
        if (isWrapped(proto.on)) this._unwrap(proto, 'on');
        this._wrap(proto, 'on', (original: AnyFn) => {
          // find-my-way's own signature: on(method, path, [opts,] handler, [store]).
          const on = function (this: unknown) {
            // eslint-disable-next-line prefer-rest-params
            const args = arguments as unknown as unknown[];
            try {
              const at = typeof args[2] === 'function' ? 2 : typeof args[3] === 'function' ? 3 : -1;
              if (at >= 0) args[at] = withRoute(args[at] as AnyFn);
            } catch {
              /* registered as given */
            }
            return original.apply(this, args);
          };
          return likeTarget(on, original);
        });
        return Router;
      },
      (Router: RouterLike) => {
        if (Router?.prototype && isWrapped(Router.prototype.on)) this._unwrap(Router.prototype, 'on');
      },
    );
  }
}
