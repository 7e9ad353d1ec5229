// Where a traced layer's span is made: express's Layer prototype, patched once
// (express 4: lib/router/layer.js `handle_request`; express 5: the `router`
// package's lib/layer.js `handleRequest`), instead of a wrapper in each layer's
// `handle` as @opentelemetry/instrumentation-express had: the app's function
// stays the layer's `handle` (app.router.stack[i].handle is what the app passed,
// with its own properties: a mounted router's `stack`), and a layer the
// instrumentation does not trace costs one WeakMap lookup.
// A traced layer runs through its stand-in, an object inheriting from it whose
// `handle` calls the app's function inside the layer's span (./layer-call.ts):
// express's own handleRequest runs as it is with the stand-in as `this`, so its
// arity check (error handlers by `length`), its try/catch and its promise
// handling stay express's; the stand-in's `handle` has the function's name and length.
import { context, trace, type Tracer } from '@opentelemetry/api';
import { likeTarget } from '../like-target';
import { runLayer, type AnyFn, type TracedLayer } from './layer-call';
import { typeOfLayer } from './layer-kind';

const STAND_INS = new WeakMap<object, object>();
const PATCHED_PROTOTYPES = new WeakSet<object>();
const HANDLE_METHODS = ['handle_request', 'handleRequest'] as const;

function patchPrototype(proto: Record<string, unknown>): void {
  if (PATCHED_PROTOTYPES.has(proto)) return;
  PATCHED_PROTOTYPES.add(proto);
  for (const key of HANDLE_METHODS) {
    const desc = Object.getOwnPropertyDescriptor(proto, key);
    const original = desc?.value;
    if (typeof original !== 'function' || !desc!.writable) continue;
    const handleRequest = function (this: object) {
      const standIn = STAND_INS.get(this);
      // eslint-disable-next-line prefer-rest-params
      if (standIn === undefined || trace.getSpan(context.active()) === undefined) return Reflect.apply(original, this, arguments);
      // eslint-disable-next-line prefer-rest-params
      return Reflect.apply(original, standIn, arguments);
    };
    Object.defineProperty(proto, key, { ...desc, value: likeTarget(handleRequest as AnyFn, original as AnyFn) });
  }
}

/**
 * Traces `layer` (just made by router.use / router.route / app.use for `path`).
 * Error handlers (four parameters) are not traced, as upstream did not.
 */
export function traceLayer(layer: unknown, path: string | undefined, tracer: () => Tracer): void {
  if (layer === null || typeof layer !== 'object' || STAND_INS.has(layer)) return;
  const l = layer as TracedLayer['layer'];
  const fn = l.handle;
  if (typeof fn !== 'function' || fn.length === 4) return;
  const proto = Object.getPrototypeOf(layer) as Record<string, unknown> | null;
  if (proto === null || !HANDLE_METHODS.some((k) => typeof proto[k] === 'function')) return;
  patchPrototype(proto);
  const traced: TracedLayer = { layer: l, path, type: typeOfLayer(l.name), fn: fn as AnyFn };
  const handle = function (this: unknown, req: unknown, res: unknown, next: unknown) {
    return runLayer(tracer(), traced, this, req, res, next);
  };
  const standIn = Object.create(layer) as object;
  Object.defineProperty(standIn, 'handle', { value: likeTarget(handle as AnyFn, fn as AnyFn), writable: true, enumerable: true, configurable: true });
  STAND_INS.set(layer, standIn);
}
