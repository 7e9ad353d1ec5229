// The aws-sdk instrumentation also makes a span for Bedrock Runtime calls, with
// usage that is not exact for cost (no cache tokens; input without the cached
// part; some families estimated from text length), and with the HTTP attempts
// under it suppressed. While botanu's bedrock instrumentation is on, the
// commands it traces are left to it, so each logical call has exactly ONE
// GenAI span with its HTTP attempts under it; every other AWS call (and Bedrock
// command) keeps the aws-sdk instrumentation's span.
import type { Instrumentation } from '@opentelemetry/instrumentation';

export const BEDROCK_COMMANDS = ['Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream'] as const;

const TRACED = Symbol.for('botanu.bedrock.traced');
type Flagged = typeof globalThis & { [TRACED]?: boolean };

export function setBedrockTraced(on: boolean): void {
  (globalThis as Flagged)[TRACED] = on;
}

function bedrockTraced(ctx: { clientName?: unknown; commandName?: unknown } | undefined): boolean {
  if ((globalThis as Flagged)[TRACED] !== true || ctx?.clientName !== 'BedrockRuntimeClient' || typeof ctx.commandName !== 'string') return false;
  // Older clients name the command "ConverseCommand", newer ones "Converse".
  return (BEDROCK_COMMANDS as readonly string[]).includes(ctx.commandName.replace(/Command$/, ''));
}

type ResolvePatch = (this: unknown, handler: unknown, ctx: { clientName?: unknown; commandName?: unknown } | undefined) => unknown;
type MakeResolvePatch = (this: unknown, moduleVersion: string, original: ResolvePatch) => ResolvePatch;

/**
 * Wraps @opentelemetry/instrumentation-aws-sdk's (0.79) per-stack patch factory on
 * this one instance: for Bedrock commands botanu traces, the stack resolves unpatched.
 * If the factory is not there (another version), nothing changes.
 */
export function leaveBedrockToBotanu<T extends Instrumentation>(instance: T): T {
  const inst = instance as unknown as { _getV3MiddlewareStackResolvePatch?: MakeResolvePatch };
  const make = inst._getV3MiddlewareStackResolvePatch;
  if (typeof make !== 'function') return instance;
  inst._getV3MiddlewareStackResolvePatch = function (this: unknown, moduleVersion: string, original: ResolvePatch): ResolvePatch {
    const patched = make.call(this, moduleVersion, original);
    return function (this: unknown, handler, ctx) {
      return (bedrockTraced(ctx) ? original : patched).call(this, handler, ctx);
    };
  };
  return instance;
}
