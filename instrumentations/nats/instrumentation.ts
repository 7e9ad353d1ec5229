// NATS (`nats` 2.x, and 3.x: `@nats-io/transport-node` over `@nats-io/nats-core`)
// has no maintained OpenTelemetry instrumentation. This one:
// - publish (core publish, request, JetStream publish, replies): a PRODUCER span,
//   and traceparent + baggage (the run) written into the message headers;
// - subscriptions with a callback (JetStream `consume({ callback })` included,
//   which delivers through one): a CONSUMER span per message, started from the
//   message's headers (not the subscriber's ambient context), with the callback
//   run inside it, so the handler's own spans carry the producer's run;
// - subscriptions read with `for await`: a CONSUMER `receive` span per message,
//   carrying the run; the loop body runs in the subscriber's own context (an async
//   iterator gives no place to enter the message's context), so its spans do not.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { consumeAttributes, headerGetter, headerSetter, isSystemSubject, isTemporary, publishAttributes, spanName, type NatsHeaders } from './utils';

type AnyFn = (...args: unknown[]) => unknown;
type Callback = (err: unknown, msg: NatsMsg | undefined) => unknown;
interface NatsMsg {
  subject?: string;
  data?: Uint8Array;
  headers?: NatsHeaders;
}
interface PublishOptions {
  headers?: NatsHeaders;
  reply?: string;
}
interface ProtocolLike {
  info?: { headers?: boolean };
}
interface SubscribeOptions {
  callback?: Callback;
  queue?: string;
}
interface SubscriptionLike {
  callback?: Callback;
}
type Proto = Record<string, AnyFn>;

const WRAPPED_CALLBACK = Symbol.for('botanu.nats.wrappedCallback');

function endWith(span: Span, err?: unknown): void {
  if (err !== undefined) {
    const e = err instanceof Error ? err : new Error(String(err));
    span.recordException(e);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  }
  span.end();
}

export class NatsInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  /** Each major's own MsgHdrs factory, for messages published without headers. */
  private readonly createHeaders = new Map<string, () => NatsHeaders>();

  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('nats'), config);
  }

  protected init() {
    // nats 2.x keeps its client in nats/lib/nats-base-client/; 3.x (@nats-io/transport-node
    // and friends) in @nats-io/nats-core/lib/. Same classes, same methods.
    return [this.definition('nats', 'nats/lib/nats-base-client', [SUPPORTED_VERSIONS.nats.nats]), this.definition('@nats-io/nats-core', '@nats-io/nats-core/lib', [SUPPORTED_VERSIONS.nats['@nats-io/nats-core']])];
  }

  private definition(pkg: string, dir: string, versions: string[]) {
    type Exports = Record<string, { prototype: Proto } | AnyFn>;
    const file = (name: string, patch: (exports: Exports) => void, unpatch: (exports: Exports) => void) =>
      new InstrumentationNodeModuleFile(
        `${dir}/${name}`,
        versions,
        (exports: Exports) => {
          patch(exports);
          return exports;
        },
        (exports: Exports) => unpatch(exports),
      );
    const proto = (exports: Exports, cls: string) => (exports?.[cls] as { prototype: Proto } | undefined)?.prototype;
    return new InstrumentationNodeModuleDefinition(pkg, versions, undefined, undefined, [
      file(
        'headers.js',
        (exports) => {
          if (typeof exports.headers === 'function') this.createHeaders.set(pkg, exports.headers as () => NatsHeaders);
        },
        () => {},
      ),
      file(
        'protocol.js',
        (exports) => this.wrapMethod(proto(exports, 'ProtocolHandler'), 'publish', (o) => this.patchPublish(o, pkg)),
        (exports) => this.unwrapMethod(proto(exports, 'ProtocolHandler'), 'publish'),
      ),
      file(
        'nats.js',
        (exports) => this.wrapMethod(proto(exports, 'NatsConnectionImpl'), 'subscribe', (o) => this.patchSubscribe(o)),
        (exports) => this.unwrapMethod(proto(exports, 'NatsConnectionImpl'), 'subscribe'),
      ),
    ]);
  }

  private wrapMethod(proto: Proto | undefined, name: string, wrapper: (original: AnyFn) => AnyFn): void {
    if (!proto || typeof proto[name] !== 'function') return this._diag.debug(`nats: ${name} not found; not instrumented`);
    if (isWrapped(proto[name])) this._unwrap(proto, name);
    this._wrap(proto, name, wrapper);
  }

  private unwrapMethod(proto: Proto | undefined, name: string): void {
    if (proto && isWrapped(proto[name])) this._unwrap(proto, name);
  }

  private patchPublish(original: AnyFn, pkg: string): AnyFn {
    const instrumentation = this;
    return function publish(this: ProtocolLike, subject: unknown, payload: unknown, options?: PublishOptions) {
      if (typeof subject !== 'string' || isSystemSubject(subject)) return original.call(this, subject, payload, options);
      let span: Span | undefined;
      let opts = options;
      try {
        const size = payload instanceof Uint8Array ? payload.length : typeof payload === 'string' ? Buffer.byteLength(payload) : undefined;
        span = instrumentation.tracer.startSpan(spanName('publish', subject), { kind: SpanKind.PRODUCER, attributes: publishAttributes(subject, size) });
        // A server without header support would reject the message: send it as the app wrote it.
        const serverHasHeaders = this.info?.headers !== false;
        const hdrs = opts?.headers ?? (serverHasHeaders ? instrumentation.createHeaders.get(pkg)?.() : undefined);
        if (hdrs && serverHasHeaders) {
          propagation.inject(trace.setSpan(context.active(), span), hdrs, headerSetter);
          if (!opts?.headers) opts = { ...(opts ?? {}), headers: hdrs };
        }
      } catch (err) {
        instrumentation._diag.debug('nats: could not trace a publish', err);
        opts = options;
      }
      try {
        const result = original.call(this, subject, payload, opts);
        if (span) endWith(span);
        return result;
      } catch (err) {
        if (span) endWith(span, err);
        throw err;
      }
    } as AnyFn;
  }

  private patchSubscribe(original: AnyFn): AnyFn {
    const instrumentation = this;
    return function subscribe(this: unknown, subject: unknown, opts?: SubscribeOptions) {
      if (typeof subject !== 'string' || isSystemSubject(subject)) return original.call(this, subject, opts);
      const cb = opts?.callback;
      if (typeof cb === 'function' && !(cb as { [WRAPPED_CALLBACK]?: boolean })[WRAPPED_CALLBACK]) {
        const wrapped = instrumentation.processCallback(subject, opts?.queue, cb);
        return original.call(this, subject, { ...opts, callback: wrapped });
      }
      const sub = original.call(this, subject, opts) as SubscriptionLike;
      if (typeof cb !== 'function') instrumentation.traceReceive(sub, subject, opts?.queue);
      return sub;
    } as AnyFn;
  }

  /** The message's own context: its headers over an empty context. */
  private messageContext(msg: NatsMsg) {
    try {
      return propagation.extract(ROOT_CONTEXT, msg.headers, headerGetter);
    } catch {
      return ROOT_CONTEXT;
    }
  }

  private startConsumerSpan(operation: 'process' | 'receive', subscription: string, queue: string | undefined, msg: NatsMsg) {
    const parent = this.messageContext(msg);
    const subject = typeof msg.subject === 'string' ? msg.subject : subscription;
    // JetStream delivers through an inbox subscription: name the span after the message's subject then.
    const span = this.tracer.startSpan(spanName(operation, isTemporary(subscription) ? subject : subscription), { kind: SpanKind.CONSUMER, attributes: consumeAttributes(operation, subscription, subject, queue, msg.data?.length) }, parent);
    return { span, ctx: trace.setSpan(parent, span) };
  }

  private processCallback(subscription: string, queue: string | undefined, cb: Callback): Callback {
    const instrumentation = this;
    const wrapped = function (this: unknown, err: unknown, msg: NatsMsg | undefined) {
      if (err || !msg) return cb.call(this, err, msg);
      let started: ReturnType<NatsInstrumentation['startConsumerSpan']> | undefined;
      try {
        started = instrumentation.startConsumerSpan('process', subscription, queue, msg);
      } catch {
        started = undefined;
      }
      if (!started) return cb.call(this, err, msg);
      const { span, ctx } = started;
      let result: unknown;
      try {
        result = context.with(ctx, () => cb.call(this, err, msg));
      } catch (e) {
        endWith(span, e);
        throw e;
      }
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        // nats drops what the callback returns: a rejection stays unhandled, as without us.
        (result as PromiseLike<unknown>).then(
          () => endWith(span),
          (e: unknown) => {
            endWith(span, e);
            throw e;
          },
        );
      } else endWith(span);
      return result;
    };
    (wrapped as unknown as { [WRAPPED_CALLBACK]: boolean })[WRAPPED_CALLBACK] = true;
    return wrapped;
  }

  private traceReceive(sub: SubscriptionLike, subscription: string, queue: string | undefined): void {
    const deliver = sub?.callback;
    if (typeof deliver !== 'function') return;
    const instrumentation = this;
    sub.callback = function (this: unknown, err: unknown, msg: NatsMsg | undefined) {
      if (!err && msg) {
        try {
          instrumentation.startConsumerSpan('receive', subscription, queue, msg).span.end();
        } catch {
          /* never in the way of a delivery */
        }
      }
      return deliver.call(this, err, msg);
    };
  }
}
