// A wrapper that looks like what it wraps: libraries and apps read a function's
// name and length (fastify tells async hooks and error handlers by length,
// express error middleware by length, socket.io and hono listeners by name).
export type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/** `wrapper`, with `target`'s name and length. */
export function likeTarget(wrapper: AnyFn, target: AnyFn): AnyFn {
  Object.defineProperty(wrapper, 'length', { value: target.length, configurable: true });
  Object.defineProperty(wrapper, 'name', { value: target.name, configurable: true });
  return wrapper;
}
