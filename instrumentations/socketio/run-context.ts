// socket.io events arrive on a connection opened long before, outside any
// request context, so their handlers (and the upstream consumer spans around
// them) would carry no run. The run is in the handshake: the client's
// connect request carried W3C baggage. The `connection` handler and each event
// handler run under that baggage (through the agent's propagator, so
// BOTANU_TRUST_INCOMING_BAGGAGE applies), and what they do and emit carries the
// run on. An ack callback runs later, from the packet that answers it: it runs
// under its emitter's context.
import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { InstrumentationNodeModuleFile, type Instrumentation } from '@opentelemetry/instrumentation';
import { likeTarget, type AnyFn } from '../like-target';

/* eslint-disable @typescript-eslint/no-require-imports */

interface ServerSocket {
  handshake?: { headers?: Record<string, string | string[] | undefined> };
}
interface SocketModule {
  Socket?: { prototype: Record<string, unknown> };
  Namespace?: { prototype: Record<string, unknown> };
}
type Method = (this: ServerSocket, ...args: unknown[]) => unknown;
interface Definition {
  name: string;
  supportedVersions: string[];
  files: unknown[];
}

// Per socket, kept here rather than on the app's socket object (nothing of the
// agent is visible on it: util.inspect, own symbols).
const handshakeContexts = new WeakMap<object, Context | null>();
// Our wrappers → the methods they wrap (nothing of ours on socket.io's methods).
const originals = new WeakMap<Method, Method>();

/** The handshake's baggage on an empty context (null: it carried none), extracted once per connection. */
function handshakeContext(socket: ServerSocket): Context | null {
  let ctx = handshakeContexts.get(socket);
  if (ctx !== undefined) return ctx;
  ctx = null;
  try {
    const baggage = propagation.getBaggage(propagation.extract(ROOT_CONTEXT, socket.handshake?.headers ?? {}));
    if (baggage && baggage.getAllEntries().length > 0) ctx = propagation.setBaggage(ROOT_CONTEXT, baggage);
  } catch {
    /* no run context: the handler runs as it would without the agent */
  }
  handshakeContexts.set(socket, ctx);
  return ctx;
}

function wrapOnevent(original: Method): Method {
  return function onevent(this: ServerSocket, ...args: unknown[]) {
    const ctx = handshakeContext(this);
    return ctx ? context.with(ctx, () => original.apply(this, args)) : original.apply(this, args);
  };
}

/** Namespace._doConnect(socket, fn): runs the `connection` listeners for a new socket. */
function wrapDoConnect(original: Method): Method {
  return function _doConnect(this: ServerSocket, ...args: unknown[]) {
    const ctx = args[0] && typeof args[0] === 'object' ? handshakeContext(args[0] as ServerSocket) : null;
    return ctx ? context.with(ctx, () => original.apply(this, args)) : original.apply(this, args);
  };
}

function wrapEmit(original: Method): Method {
  return function emit(this: ServerSocket, ...args: unknown[]) {
    const last = args.length - 1;
    if (last > 0 && typeof args[last] === 'function') args[last] = context.bind(context.active(), args[last] as Method);
    return original.apply(this, args);
  };
}

type Wrapper = (original: Method) => Method;
const SOCKET_METHODS: [string, Wrapper][] = [
  ['onevent', wrapOnevent],
  ['emit', wrapEmit],
];
const NAMESPACE_METHODS: [string, Wrapper][] = [['_doConnect', wrapDoConnect]];

function wrapMethods(proto: Record<string, unknown> | undefined, methods: [string, Wrapper][]): void {
  if (!proto) return;
  for (const [name, wrap] of methods) {
    const original = proto[name];
    if (typeof original !== 'function' || originals.has(original as Method)) continue;
    const wrapped = wrap(original as Method);
    // The wrapper keeps the method's name and length.
    likeTarget(wrapped as AnyFn, original as AnyFn);
    originals.set(wrapped, original as Method);
    proto[name] = wrapped;
  }
}

function unwrapMethods(proto: Record<string, unknown> | undefined, methods: [string, Wrapper][]): void {
  for (const [name] of methods) {
    const original = originals.get(proto?.[name] as Method);
    if (proto && original) proto[name] = original;
  }
}

const file = (name: string, cls: 'Socket' | 'Namespace', methods: [string, Wrapper][]) =>
  new InstrumentationNodeModuleFile(
    name,
    ['>=3 <5'],
    ((exports: SocketModule) => (wrapMethods(exports?.[cls]?.prototype, methods), exports)) as never,
    ((exports: SocketModule) => (unwrapMethods(exports?.[cls]?.prototype, methods), exports)) as never,
  );

/** The upstream instrumentation (consumer/producer spans), with the run-context patches on the same hooks. */
export function createSocketIoInstrumentation(): Instrumentation {
  const instance = new (require('@opentelemetry/instrumentation-socket.io').SocketIoInstrumentation)() as Instrumentation;
  const defs = (instance as unknown as { _modules?: Definition[] })._modules ?? [];
  const v4 = defs.find((d) => d.name === 'socket.io' && d.supportedVersions.includes('>=3 <5'));
  // Added after upstream's socket.js file: its emit wrapper runs inside ours, so the ack is bound before its span starts.
  v4?.files.push(file('socket.io/dist/socket.js', 'Socket', SOCKET_METHODS), file('socket.io/dist/namespace.js', 'Namespace', NAMESPACE_METHODS));
  return instance;
}
