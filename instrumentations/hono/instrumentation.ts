// hono has no maintained OpenTelemetry instrumentation. On Node (@hono/node-server)
// the HTTP server span exists but says nothing of the route. This one:
// - a span per middleware and per route handler that runs (`middleware - /api/*`,
//   `request handler - /users/:id`), with http.route and hono.type, under which
//   the handler's own work (DB, LLM calls) nests;
// - the matched route on the HTTP server span (http.route, and its name becomes
//   `GET /users/:id`), the way the express instrumentation does it.
// Handlers are wrapped where the app registers them: `new Hono()` from 'hono'
// is a subclass whose get/post/.../on/use (and basePath() clones) wrap each handler.
import { context, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { likeTarget } from '../like-target';
import { runInSpan } from '../span-around';
import { SUPPORTED_VERSIONS } from '../supported-versions';

type AnyFn = (...args: unknown[]) => unknown;
type HandlerKind = 'middleware' | 'request_handler';
interface HonoContext {
  req?: { routePath?: string; method?: string };
}
type App = Record<string, unknown>;
type HonoClass = new (...args: unknown[]) => App;

const WRAPPED = Symbol('botanu.hono.wrapped');
const ORIGINAL = Symbol('botanu.hono.original');
// The methods a Hono instance registers handlers with (instance properties set in its constructor).
const METHODS = ['get', 'post', 'put', 'delete', 'options', 'patch', 'all'];

function routeOf(c: HonoContext): string | undefined {
  try {
    return c?.req?.routePath;
  } catch {
    return undefined;
  }
}

export class HonoInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('hono'), config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'hono',
      [SUPPORTED_VERSIONS.hono.hono],
      (exports: { Hono?: HonoClass & { [ORIGINAL]?: HonoClass } }) => {
        const Original = exports?.Hono;
        if (typeof Original !== 'function' || Original[ORIGINAL]) return exports;
        exports.Hono = this.tracedClass(Original);
        return exports;
      },
      (exports: { Hono?: HonoClass & { [ORIGINAL]?: HonoClass } }) => {
        const original = exports?.Hono?.[ORIGINAL];
        if (original) exports.Hono = original;
        return exports;
      },
    );
  }

  /** `Hono` with the same name, statics and prototype chain; instances register wrapped handlers. */
  private tracedClass(Original: HonoClass): HonoClass {
    const instrumentation = this;
    const Traced = class Hono extends Original {
      constructor(...args: unknown[]) {
        super(...args);
        instrumentation.wrapApp(this);
      }
    };
    Object.defineProperty(Traced, ORIGINAL, { value: Original });
    return Traced;
  }

  private wrapApp(app: App): void {
    try {
      for (const m of METHODS) this.wrapRegistration(app, m, 'request_handler', 1);
      this.wrapRegistration(app, 'on', 'request_handler', 2);
      this.wrapRegistration(app, 'use', 'middleware', 1);
      const basePath = app.basePath;
      if (typeof basePath === 'function') {
        const instrumentation = this;
        // basePath() returns a clone made with the base class: wrap its methods too.
        app.basePath = function (this: App, ...args: unknown[]) {
          const sub = basePath.apply(this, args) as App;
          if (sub && sub !== this) instrumentation.wrapApp(sub);
          return sub;
        };
      }
    } catch {
      /* the app works unwrapped: its handlers just make no spans */
    }
  }

  /** Replaces app[name] with one that wraps every function argument from index `from` on (path strings pass through). */
  private wrapRegistration(app: App, name: string, kind: HandlerKind, from: number): void {
    const register = app[name];
    if (typeof register !== 'function' || (register as { [WRAPPED]?: true })[WRAPPED]) return;
    const instrumentation = this;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      for (let i = 0; i < args.length; i++) {
        // `get(handler)` (no path) registers args[0] too.
        if ((i >= from || typeof args[0] === 'function') && typeof args[i] === 'function') args[i] = instrumentation.tracedHandler(args[i] as AnyFn, kind);
      }
      return register.apply(this, args);
    };
    Object.defineProperty(wrapped, WRAPPED, { value: true });
    app[name] = wrapped;
  }

  private tracedHandler(handler: AnyFn, kind: HandlerKind): AnyFn {
    if ((handler as { [WRAPPED]?: true })[WRAPPED]) return handler;
    const instrumentation = this;
    const traced = function (this: unknown, ...args: unknown[]) {
      let span: Span | undefined;
      try {
        const route = routeOf(args[0] as HonoContext);
        const label = route ?? handler.name ?? 'anonymous';
        span = instrumentation.tracer.startSpan(`${kind === 'middleware' ? 'middleware' : 'request handler'} - ${label}`, {
          attributes: { 'hono.type': kind, ...(handler.name ? { 'hono.name': handler.name } : {}), ...(route ? { 'http.route': route } : {}) },
        });
        if (kind === 'request_handler' && route) {
          const rpc = getRPCMetadata(context.active());
          if (rpc?.type === RPCType.HTTP) rpc.route = route;
        }
      } catch {
        span = undefined;
      }
      return span ? runInSpan(span, () => handler.apply(this, args)) : handler.apply(this, args);
    };
    likeTarget(traced, handler);
    Object.defineProperty(traced, WRAPPED, { value: true });
    return traced;
  }
}
