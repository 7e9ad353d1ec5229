// BullMQ (>=5.22) has tracing hooks of its own but they stay off unless the app
// passes a `telemetry` option to every Queue and Worker. This fills that option
// in, once per instance, with an OpenTelemetry-backed implementation
// (./telemetry.ts); an app that passes its own keeps it. A sandboxed processor
// (child process or worker thread) gets the consumer's context with the job.
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { createTelemetry } from './telemetry';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';


interface QueueBaseLike {
  opts?: { telemetry?: unknown };
}
interface FlowProducerLike {
  telemetry?: unknown;
}
interface BullMQExports {
  QueueBase?: { prototype: Record<string, AnyFn> };
  FlowProducer?: { prototype: Record<string, AnyFn> };
  Job?: { prototype: Record<string, AnyFn> };
}
interface ChildProcessorExports {
  ChildProcessor?: { prototype: Record<string, AnyFn> };
}

/**
 * A sandboxed processor (a file run in a child process or worker thread) gets the
 * job as JSON: this field carries the parent's consumer context (trace + run) to it.
 */
const SANDBOX_CONTEXT_FIELD = '__botanuContext';

type AnyFn = (...args: unknown[]) => unknown;

export class BullMQInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  private readonly telemetry = createTelemetry(() => this.tracer);

  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('bullmq'), config);
  }

  protected init() {
    const childProcessor = (dir: string) =>
      new InstrumentationNodeModuleFile(
        `bullmq/dist/${dir}/classes/child-processor.js`,
        [SUPPORTED_VERSIONS.bullmq.bullmq],
        (exports: ChildProcessorExports) => {
          this.patchChildProcessor(exports);
          return exports;
        },
        (exports: ChildProcessorExports) => {
          const proto = exports?.ChildProcessor?.prototype;
          if (proto && isWrapped(proto.start)) this._unwrap(proto, 'start');
        },
      );
    return new InstrumentationNodeModuleDefinition(
      'bullmq',
      [SUPPORTED_VERSIONS.bullmq.bullmq],
      (exports: BullMQExports) => {
        this.patch(exports);
        return exports;
      },
      (exports: BullMQExports) => this.unpatch(exports),
      // The sandbox's child loads child-processor.js without the package's main module.
      [childProcessor('cjs'), childProcessor('esm')],
    );
  }

  /** Child side: the processor runs in the context the parent sent along with the job. */
  private patchChildProcessor(exports: ChildProcessorExports): void {
    const proto = exports?.ChildProcessor?.prototype;
    if (!proto || typeof proto.start !== 'function' || isWrapped(proto.start)) return;
    this._wrap(proto, 'start', (original: AnyFn) =>
      function start(this: unknown, ...args: unknown[]) {
        let ctx = ROOT_CONTEXT;
        try {
          const carrier = (args[0] as Record<string, unknown> | undefined)?.[SANDBOX_CONTEXT_FIELD];
          if (carrier && typeof carrier === 'object') ctx = propagation.extract(ROOT_CONTEXT, carrier);
        } catch {
          ctx = ROOT_CONTEXT;
        }
        return context.with(ctx, () => original.apply(this, args));
      },
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
    // Parent side of a sandboxed processor: asJSONSandbox() is the job the child receives.
    const job = exports?.Job?.prototype;
    if (job && typeof job.asJSONSandbox === 'function' && !isWrapped(job.asJSONSandbox)) {
      this._wrap(job, 'asJSONSandbox', (original: AnyFn) =>
        function asJSONSandbox(this: unknown, ...args: unknown[]) {
          const json = original.apply(this, args);
          try {
            const carrier: Record<string, string> = {};
            propagation.inject(context.active(), carrier);
            if (json && typeof json === 'object' && Object.keys(carrier).length) (json as Record<string, unknown>)[SANDBOX_CONTEXT_FIELD] = carrier;
          } catch {
            /* the job goes as it was */
          }
          return json;
        },
      );
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
    const job = exports?.Job?.prototype;
    if (job && isWrapped(job.asJSONSandbox)) this._unwrap(job, 'asJSONSandbox');
    const flow = exports?.FlowProducer?.prototype;
    for (const method of ['add', 'addBulk']) if (flow && isWrapped(flow[method])) this._unwrap(flow, method);
  }
}
