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
// hooks, plugins, requests and replies are untouched (the request's span rides
// on the http server span's watch of the request and ends with the response);
// fastify's 404 router's contexts have no `config.url` and set no
// route and no span.
//
// The span of each routed request, `request handler - /users/:id`, is started by
// the same wrapper and made active while fastify runs the route (hooks, handler,
// error handler): ./request-span.ts. Errors fastify handles are recorded on it
// from fastify's own error path: ./error-record.ts.
import { context, type Tracer } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { errorHandlerFile } from './error-record';
import { likeTarget, type AnyFn } from '../like-target';
import { startRequestSpan } from './request-span';

interface RouterLike {
  prototype?: { on: AnyFn };
}
interface RouteContext {
  config?: { url?: unknown };
  handler?: { name?: unknown };
}

/** The route template of a fastify route context (find-my-way's store), if it is one. */
function routeOf(store: unknown): string | undefined {
  const url = (store as RouteContext | null | undefined)?.config?.url;
  return typeof url === 'string' ? url : undefined;
}

/** The name of the app's handler of a route context ('' when it has none; fastify binds it to the instance: `bound work`). */
function handlerNameOf(store: unknown): string {
  const name = (store as RouteContext).handler?.name;
  return typeof name === 'string' ? name.replace(/^(bound )+/, '') : '';
}

/**
 * A route handler fastify registers with find-my-way (`routeHandler(req, res,
 * params, context, query)`) that first records its route on the active HTTP
 * server span and starts the request's span, then runs in that span's context;
 * 404s (contexts without a route) run as they are.
 */
function withRoute(handler: AnyFn, tracer: () => Tracer): AnyFn {
  // The route context this handler last ran with and its handler's name: the same
  // on every request of the route, so the name is read (and unbound) once, not per request.
  let lastStore: unknown;
  let lastName = '';
  const routed = function (this: unknown) {
    let spanContext: ReturnType<typeof context.active> | undefined;
    try {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const store = args[3];
      const route = routeOf(store);
      if (route !== undefined) {
        const rpc = getRPCMetadata(context.active());
        if (rpc?.type === RPCType.HTTP) rpc.route = route;
        const req = args[0] as { method?: unknown } | null | undefined;
        if (store !== lastStore) {
          lastName = handlerNameOf(store);
          lastStore = store;
        }
        spanContext = startRequestSpan(tracer(), req, args[1], req?.method, route, lastName);
      }
    } catch {
      /* never into the app's request */
    }
    // eslint-disable-next-line prefer-rest-params
    const args = arguments as unknown as unknown[];
    if (spanContext === undefined) return handler.apply(this, args);
    const self = this;
    return context.with(spanContext, () => handler.apply(self, args));
  };
  return likeTarget(routed, handler);
}

export class FastifyInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('fastify'), config);
  }

  protected init() {
    const tracer = () => this.tracer;
    // fastify itself: only its error path (./error-record.ts); the module is returned as it is.
    const fastify = new InstrumentationNodeModuleDefinition('fastify', [SUPPORTED_VERSIONS.fastify.fastify], undefined, undefined, [errorHandlerFile()]);
    const router = new InstrumentationNodeModuleDefinition(
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
              if (at >= 0) args[at] = withRoute(args[at] as AnyFn, tracer);
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
    return [router, fastify];
  }
}
