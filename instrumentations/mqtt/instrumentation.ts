// MQTT (`mqtt` 5.x, MQTT.js) has no maintained OpenTelemetry instrumentation.
// This one:
// - publish (and publishAsync, which goes through it): a PRODUCER span; over
//   MQTT 5 the trace context and the run (traceparent + baggage) ride in the
//   message's user properties. MQTT 3.1.1 has no per-message metadata, so there
//   the span is made but nothing crosses the hop;
// - every 'message' event: a CONSUMER `process <topic>` span started from the
//   message's user properties (not the subscriber's ambient context), with the
//   app's 'message' listeners run inside it.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { messageAttributes, payloadSize, userPropertiesGetter, type UserProperties } from './utils';


type AnyFn = (...args: unknown[]) => unknown;
interface PublishOptions {
  properties?: { userProperties?: UserProperties } & Record<string, unknown>;
  [k: string]: unknown;
}
interface ClientLike {
  options?: { protocolVersion?: number };
}
interface PacketLike {
  properties?: { userProperties?: UserProperties };
}
type Proto = Record<string, AnyFn>;

function endWith(span: Span, err?: unknown): void {
  if (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    span.recordException(e);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  }
  span.end();
}

export class MqttInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('mqtt'), config);
  }

  protected init() {
    const clientFile = new InstrumentationNodeModuleFile(
      'mqtt/build/lib/client.js',
      [SUPPORTED_VERSIONS.mqtt.mqtt],
      (exports: { default?: { prototype: Proto } }) => {
        const proto = exports?.default?.prototype;
        if (!proto) return exports;
        this.wrapMethod(proto, 'publish', (o) => this.patchPublish(o));
        this.wrapMethod(proto, 'emit', (o) => this.patchEmit(o));
        return exports;
      },
      (exports: { default?: { prototype: Proto } }) => {
        const proto = exports?.default?.prototype;
        for (const m of ['publish', 'emit']) if (proto && isWrapped(proto[m])) this._unwrap(proto, m);
      },
    );
    return new InstrumentationNodeModuleDefinition('mqtt', [SUPPORTED_VERSIONS.mqtt.mqtt], undefined, undefined, [clientFile]);
  }

  private wrapMethod(proto: Proto, name: string, wrapper: (original: AnyFn) => AnyFn): void {
    if (typeof proto[name] !== 'function') return this._diag.debug(`mqtt: ${name} not found; not instrumented`);
    if (isWrapped(proto[name])) this._unwrap(proto, name);
    this._wrap(proto, name, wrapper);
  }

  private patchPublish(original: AnyFn): AnyFn {
    const instrumentation = this;
    return function publish(this: ClientLike, topic: unknown, message: unknown, opts?: unknown, callback?: unknown) {
      if (typeof opts === 'function') {
        callback = opts;
        opts = undefined;
      }
      if (typeof topic !== 'string') return original.call(this, topic, message, opts, callback);
      let span: Span | undefined;
      let options = opts as PublishOptions | undefined;
      try {
        span = instrumentation.tracer.startSpan(`publish ${topic}`, { kind: SpanKind.PRODUCER, attributes: messageAttributes('publish', topic, payloadSize(message)) });
        if (this.options?.protocolVersion === 5) {
          // A copy: the app may reuse its options object for other messages.
          const userProperties: UserProperties = { ...(options?.properties?.userProperties ?? {}) };
          propagation.inject(trace.setSpan(context.active(), span), userProperties);
          options = { ...(options ?? {}), properties: { ...(options?.properties ?? {}), userProperties } };
        }
      } catch (err) {
        instrumentation._diag.debug('mqtt: could not trace a publish', err);
        options = opts as PublishOptions | undefined;
      }
      if (!span) return original.call(this, topic, message, options, callback);
      const started = span;
      // Only wrap a callback the app gave: without one, MQTT.js reports errors as 'error' events.
      const cb =
        typeof callback === 'function'
          ? function (this: unknown, err: unknown, ...rest: unknown[]) {
              endWith(started, err);
              return (callback as AnyFn).call(this, err, ...rest);
            }
          : undefined;
      try {
        const result = original.call(this, topic, message, options, cb);
        if (!cb) endWith(started);
        return result;
      } catch (err) {
        if (!cb) endWith(started, err);
        throw err;
      }
    } as AnyFn;
  }

  private patchEmit(original: AnyFn): AnyFn {
    const instrumentation = this;
    return function emit(this: unknown, event: unknown, ...args: unknown[]) {
      if (event !== 'message' || typeof args[0] !== 'string') return original.call(this, event, ...args);
      const [topic, payload, packet] = args as [string, unknown, PacketLike | undefined];
      let span: Span;
      let ctx: Context;
      try {
        const parent = propagation.extract(ROOT_CONTEXT, packet?.properties?.userProperties, userPropertiesGetter);
        span = instrumentation.tracer.startSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, attributes: messageAttributes('process', topic, payloadSize(payload)) }, parent);
        ctx = trace.setSpan(parent, span);
      } catch {
        return original.call(this, event, ...args);
      }
      let result: unknown;
      try {
        result = context.with(ctx, () => original.call(this, event, ...args));
      } catch (err) {
        endWith(span, err);
        throw err;
      }
      endWith(span);
      return result;
    } as AnyFn;
  }
}
