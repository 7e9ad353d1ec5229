// node:http / node:https instrumentation of our own: server spans (./server.ts)
// and client spans (./client.ts). Patched as @opentelemetry/instrumentation-http
// patched: Server.prototype.emit, request and get of each module, through the
// instrumentation's shimmer, so an app's own HttpInstrumentation enabled later
// replaces ours exactly as it replaced upstream's, and one enabled before is
// left alone (agent/coexist/yield-to-app-instrumentation.ts).
// The scope stays `@opentelemetry/instrumentation-http`: what the spans carry
// is unchanged, and OTEL_NODE_DISABLED_INSTRUMENTATIONS=http names it as before.
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { AGENT_VERSION } from '../../agent/for-instrumentations';
import { patchGet, patchRequest, type ClientHooks } from './client';
import { patchServerEmit } from './server';

export const HTTP_SCOPE = '@opentelemetry/instrumentation-http';

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

interface HttpModule {
  Server?: { prototype?: { emit?: unknown } };
  request?: AnyFn;
  get?: AnyFn;
  default?: { request?: AnyFn; get?: AnyFn };
  [Symbol.toStringTag]?: string;
}

export class BotanuHttpInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(private readonly hooks: ClientHooks) {
    super(HTTP_SCOPE, AGENT_VERSION, {});
  }

  protected init() {
    const tracer = () => this.tracer;
    // Each module is patched once: `import 'node:http'` and `require('http')` reach
    // the same functions (an ESM namespace's default is the CommonJS module).
    const patched = new Set<string>();
    const definition = (component: 'http' | 'https') =>
      new InstrumentationNodeModuleDefinition(
        component,
        ['*'],
        (exports: HttpModule) => {
          if (!exports || patched.has(component)) return exports;
          patched.add(component);
          if (typeof exports.request === 'function') {
            const request = this._wrap(exports as never, 'request', patchRequest(tracer, component, this.hooks) as never) as unknown as AnyFn;
            const get = typeof exports.get === 'function' ? (this._wrap(exports as never, 'get', patchGet(() => request) as never) as unknown as AnyFn) : undefined;
            if (exports[Symbol.toStringTag] === 'Module' && exports.default) {
              exports.default.request = request;
              if (get) exports.default.get = get;
            }
          }
          const proto = exports.Server?.prototype;
          if (proto && typeof proto.emit === 'function') this._wrap(proto as never, 'emit', patchServerEmit(tracer, component) as never);
          return exports;
        },
        (exports: HttpModule) => {
          patched.delete(component);
          if (!exports) return;
          if (typeof exports.request === 'function') this._unwrap(exports as never, 'request');
          if (typeof exports.get === 'function') this._unwrap(exports as never, 'get');
          const proto = exports.Server?.prototype;
          if (proto && typeof proto.emit === 'function') this._unwrap(proto as never, 'emit');
        },
      );
    return [definition('https'), definition('http')];
  }
}
