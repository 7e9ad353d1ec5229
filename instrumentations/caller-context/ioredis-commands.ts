// ioredis sends a command later than the app issued it in two places, both in
// someone else's context:
// - auto-pipelining (`enableAutoPipelining`) and pipelines: the commands
//   issued in one tick are sent by one setImmediate, in the context of the
//   first command's caller, so every command of the batch got that caller's run;
// - the offline queue: commands issued before the connection is ready are sent
//   again on `ready`, in the context of whoever opened the connection, and
//   instrumentation-ioredis made a second span for each.
// - the connection itself: its socket was opened in the context of the caller
//   that connected, so everything the client later did on its own (reconnect,
//   ready check, replaying the offline queue, a subscriber's `message`
//   listener) ran in that caller's run, long after it ended.
// Each command notes its caller's context when it enters a pipeline; its span
// is made in that context when ioredis sends it, and a command sent again gets
// no second span. The connect span is still made in the connecting caller's
// context, but the connection is opened in the root context.
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { botanuScope, log } from '../../agent/for-instrumentations';
import { runIn } from './run-in';

type SendCommand = (this: unknown, ...args: unknown[]) => unknown;
type TraceSendCommand = (original: SendCommand, moduleVersion?: string) => SendCommand;

const CALLER = Symbol('botanu.ioredis.caller');
const SENT = Symbol('botanu.ioredis.sent');
const PATCHED = Symbol.for('botanu.ioredis.pipeline-caller');
const PIPELINE_VERSIONS = ['>=5.0.0 <7'];

/** Pipeline#sendCommand (the enqueue, in the caller's context): note the caller on the command. */
export function patchPipeline(exports: { default?: { prototype?: { sendCommand?: SendCommand } } }) {
  const proto = exports?.default?.prototype;
  const original = proto?.sendCommand;
  if (!proto || typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[PATCHED]) return exports;
  const wrapped = function sendCommand(this: unknown, command: unknown): unknown {
    try {
      if (command !== null && typeof command === 'object') (command as Record<symbol, unknown>)[CALLER] = context.active();
    } catch {
      /* the command is sent as before */
    }
    // eslint-disable-next-line prefer-rest-params
    return original.apply(this, arguments as unknown as unknown[]);
  };
  (wrapped as unknown as Record<symbol, unknown>)[PATCHED] = true;
  proto.sendCommand = wrapped;
  return exports;
}

class IoredisPipelineCallerInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('ioredis-pipeline'), {});
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile('ioredis/built/Pipeline.js', PIPELINE_VERSIONS, patchPipeline, (e: unknown) => e);
    return [new InstrumentationNodeModuleDefinition('ioredis', PIPELINE_VERSIONS, undefined, undefined, [file])];
  }
}

/** Redis#sendCommand as traced by instrumentation-ioredis, made in the command's caller's context, once per command. */
function inCallerContext(traced: SendCommand, original: SendCommand): SendCommand {
  return function sendCommand(this: unknown, command: unknown): unknown {
    let caller;
    let resent = false;
    try {
      if (command !== null && typeof command === 'object') {
        const c = command as Record<symbol, unknown>;
        resent = c[SENT] === true;
        caller = c[CALLER] as ReturnType<typeof context.active> | undefined;
        c[SENT] = true;
      }
    } catch {
      /* trace it as upstream does */
    }
    // eslint-disable-next-line prefer-rest-params
    return runIn(caller, resent ? original : traced, this, arguments);
  };
}

/** instrumentation-ioredis with each command's span in its caller's context (and the pipeline hook that notes it). */
export function withCallerContext<I extends Instrumentation>(instrumentation: I): I {
  const target = instrumentation as unknown as { _traceSendCommand?: TraceSendCommand };
  const upstream = target._traceSendCommand;
  if (typeof upstream !== 'function') {
    log.debug('ioredis: instrumentation-ioredis has no _traceSendCommand; pipelined commands keep its context');
    return instrumentation;
  }
  target._traceSendCommand = function (this: unknown, original: SendCommand, moduleVersion?: string) {
    return inCallerContext(upstream.call(this, original, moduleVersion), original);
  };
  const traceConnection = (instrumentation as unknown as { _traceConnection?: (original: SendCommand) => SendCommand })._traceConnection;
  if (typeof traceConnection === 'function') {
    (target as { _traceConnection?: unknown })._traceConnection = function (this: unknown, original: SendCommand) {
      // Upstream's span around connect() stays in the caller's context; the socket opens in the root one.
      return traceConnection.call(this, function connect(this: unknown) {
        // eslint-disable-next-line prefer-rest-params
        const args = Array.prototype.slice.call(arguments);
        // connect(callback): the callback is the caller's, not the connection's.
        if (typeof args[0] === 'function') args[0] = context.bind(context.active(), args[0]);
        return runIn(ROOT_CONTEXT, original, this, args);
      });
    };
  }
  new IoredisPipelineCallerInstrumentation(); // enabled on construction: hooks require('ioredis') files
  return instrumentation;
}
