// BullMQ (>=5.22) has tracing hooks of its own but they stay off unless the app
// passes a `telemetry` option to every Queue and Worker. This fills that option
// in, once per instance, with an OpenTelemetry-backed implementation
// (./telemetry.ts); an app that passes its own keeps it.
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { createTelemetry } from './telemetry';
import { AGENT_VERSION } from '../../agent/version';

const SUPPORTED_VERSIONS = ['>=5.22.0 <7'];

interface QueueBaseLike {
  opts?: { telemetry?: unknown };
}
interface FlowProducerLike {
  telemetry?: unknown;
}
interface BullMQExports {
  QueueBase?: { prototype: Record<string, AnyFn> };
  FlowProducer?: { prototype: Record<string, AnyFn> };
}

type AnyFn = (...args: unknown[]) => unknown;

export class BullMQInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  private readonly telemetry = createTelemetry(() => this.tracer);

  constructor(config: InstrumentationConfig = {}) {
    super('@botanu/instrumentation-bullmq', AGENT_VERSION, config);
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'bullmq',
      SUPPORTED_VERSIONS,
      (exports: BullMQExports) => {
        this.patch(exports);
        return exports;
      },
      (exports: BullMQExports) => this.unpatch(exports),
    );
  }

  private patch(exports: BullMQExports): void {
    const telemetry = this.telemetry;
    const queueBase = exports?.QueueBase?.prototype;
    // Every Queue, Worker and JobScheduler operation goes through QueueBase#trace.
    if (queueBase && typeof queueBase.trace === 'function' && !isWrapped(queueBase.trace)) {
      this._wrap(queueBase, 'trace', (original: AnyFn) =>
        function trace(this: QueueBaseLike, ...args: unknown[]) {
          if (this?.opts && this.opts.telemetry === undefined) this.opts.telemetry = telemetry;
          return original.apply(this, args);
        },
      );
    } else if (queueBase && typeof queueBase.trace !== 'function') {
      this._diag.debug('bullmq without QueueBase#trace (older than 5.22): not instrumented');
    }
    const flow = exports?.FlowProducer?.prototype;
    for (const method of ['add', 'addBulk'] as const) {
      if (!flow || typeof flow[method] !== 'function' || isWrapped(flow[method])) continue;
      this._wrap(flow, method, (original: AnyFn) =>
        function withTelemetry(this: FlowProducerLike, ...args: unknown[]) {
          if (this && this.telemetry === undefined) this.telemetry = telemetry;
          return original.apply(this, args);
        },
      );
    }
  }

  private unpatch(exports: BullMQExports): void {
    const queueBase = exports?.QueueBase?.prototype;
    if (queueBase && isWrapped(queueBase.trace)) this._unwrap(queueBase, 'trace');
    const flow = exports?.FlowProducer?.prototype;
    for (const method of ['add', 'addBulk']) if (flow && isWrapped(flow[method])) this._unwrap(flow, method);
  }
}
