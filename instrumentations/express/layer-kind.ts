// What a layer's span is called and says about it, as
// @opentelemetry/instrumentation-express named them (read when the layer runs:
// a router's first route and the layer's matched path are known only then):
// - a router (express's router function, named `router`): `router - <path>`, the
//   path of the router's first route if it has one (through nested routers), else
//   the path it is mounted on, else the route so far, else '/';
// - a route (the layer express makes for app.get(...) / router.route(...): its
//   function is `bound dispatch` in express 4, `handle` in express 5):
//   `request handler - <route>` (just `request handler` when the layer matched no path);
// - anything else: `middleware - <function name>`.
export type LayerType = 'router' | 'request_handler' | 'middleware';

interface LayerLike {
  name?: unknown;
  path?: unknown;
  handle?: unknown;
  route?: { path?: unknown };
}

export function typeOfLayer(name: unknown): LayerType {
  if (name === 'router') return 'router';
  if (name === 'bound dispatch' || name === 'handle') return 'request_handler';
  return 'middleware';
}

/** The path of a router's first route, found through routers nested first in it. */
function firstRoutePath(prefix: string, layer: LayerLike): string {
  const first = (layer.handle as { stack?: LayerLike[] } | undefined)?.stack?.[0];
  if (first?.route?.path) return `${prefix}${first.route.path}`;
  if ((first?.handle as { stack?: unknown } | undefined)?.stack) return firstRoutePath(prefix, first!);
  return prefix;
}

export interface LayerNaming {
  spanName: string;
  expressName: string;
}

export function nameLayer(type: LayerType, layer: LayerLike, layerPath: string | undefined, route: string): LayerNaming {
  if (type === 'router') {
    const path = firstRoutePath('', layer) || layerPath || route || '/';
    return { spanName: `router - ${path}`, expressName: path };
  }
  if (type === 'request_handler') {
    return { spanName: layer.path ? `request handler - ${route || layerPath}` : 'request handler', expressName: (route || layerPath) ?? 'request handler' };
  }
  return { spanName: `middleware - ${layer.name}`, expressName: layer.name as string };
}
