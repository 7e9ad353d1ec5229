// The paths of the layers a request is in (outermost first), from which its route
// is read (./route.ts): a layer adds its path when it starts and takes the last
// one off when it calls next(), as @opentelemetry/instrumentation-express kept
// them, but not on the request (upstream defined `__ot_middlewares` on it: a
// property the app sees and a new hidden class for every request object).
// Kept, in order of cost:
// - on the watch of the agent's own HTTP server span while the response is open
//   (../http/server.ts): no table entry of our own per request;
// - as the request being continued: next() sets it while express's router goes on
//   synchronously, so the layers it reaches find it without a lookup (and after
//   the response closed);
// - else in a WeakMap (a router driven with the app's own objects, another HTTP
//   instrumentation): the entry leaves with the request.
import { serverRequestOf, type ServerRequestWatch } from '../http/server';

export class RequestLayers {
  readonly paths: string[] = [];
  constructor(
    readonly req: object,
    /** The agent's HTTP server watch of the request, when it has one (where its open spans end). */
    readonly watch: ServerRequestWatch | undefined,
  ) {}
}

const OTHERS = new WeakMap<object, RequestLayers>();
let continuing: RequestLayers | undefined;

export function layersOf(req: object, res: unknown): RequestLayers {
  const c = continuing;
  if (c !== undefined && c.req === req) return c;
  const watch = serverRequestOf(req, res);
  if (watch !== undefined) {
    const kept = watch.framework;
    if (kept instanceof RequestLayers) return kept;
    if (kept === undefined) return (watch.framework = new RequestLayers(req, watch));
  }
  let layers = OTHERS.get(req);
  if (layers === undefined) OTHERS.set(req, (layers = new RequestLayers(req, undefined)));
  return layers;
}

/** Makes `layers` the request being continued (while express's `next` runs); returns the one before, to put back. */
export function swapContinuing(layers: RequestLayers | undefined): RequestLayers | undefined {
  const before = continuing;
  continuing = layers;
  return before;
}
