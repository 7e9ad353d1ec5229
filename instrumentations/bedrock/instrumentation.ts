// Amazon Bedrock Runtime (@aws-sdk/client-bedrock-runtime v3): one GenAI span
// per Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream call, around the client's
// send(), so the SDK's retries happen under it. Usage comes from the response
// (Converse TokenUsage, the InvokeModel body of each model family, the
// ConverseStream `metadata` event); attempts from the SDK's own $metadata.
import type { Tracer } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { GenAiInstrumentation, type TracedMethod } from '../genai/genai-instrumentation';
import { continues, readStream, type Continues, type GenAiCallShape, type GenAiStreamReader } from '../genai/call-shape';
import type { GenAiCall, GenAiUsage } from '../genai/genai-call';
import { contentCapture } from '../genai/content-capture';
import { ATTR_BOTANU_REQUEST_ATTEMPTS, GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { BEDROCK_COMMANDS, setBedrockTraced } from './aws-sdk-handoff';
import { converseUsage, familyOf, inferenceAttributes, invokeOperation, invokeResult, InvokeStreamEvents, parseBody, type ModelFamily } from './utils';
import { observeAttempts } from './attempt-spans';

interface ClientLike {
  config?: { requestHandler?: unknown };
}
interface CommandInput {
  modelId?: unknown;
  inferenceConfig?: unknown;
  messages?: unknown;
  system?: unknown;
  body?: unknown;
}
type Kind = (typeof BEDROCK_COMMANDS)[number];
interface Metadata {
  $metadata?: { attempts?: unknown; requestId?: unknown };
}

function metadataOf(x: unknown): { attempts?: number; requestId?: string } {
  const m = (x as Metadata | undefined)?.$metadata;
  return { attempts: typeof m?.attempts === 'number' ? m.attempts : undefined, requestId: typeof m?.requestId === 'string' ? m.requestId : undefined };
}

export class BedrockRuntimeInstrumentation extends GenAiInstrumentation {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('bedrock-runtime'), config);
  }

  override enable(): void {
    super.enable();
    setBedrockTraced(true);
  }

  override disable(): void {
    setBedrockTraced(false);
    super.disable();
  }

  protected init() {
    return this.tracedMethods('@aws-sdk/client-bedrock-runtime', [SUPPORTED_VERSIONS.bedrock['@aws-sdk/client-bedrock-runtime']], (exports: Record<string, unknown> | undefined) => {
      const kindOf = (command: unknown): Kind | undefined => {
        for (const k of BEDROCK_COMMANDS) {
          const C = exports?.[`${k}Command`] as (new (...a: unknown[]) => unknown) | undefined;
          if (typeof C === 'function' && command instanceof C) return k;
        }
        return undefined;
      };
      const send: TracedMethod = {
        target: (exports?.BedrockRuntimeClient as { prototype?: object } | undefined)?.prototype,
        method: 'send',
        shape: (client: ClientLike, [command, ...rest]) => {
          // The callback form is left untraced: its result does not come back through here.
          const kind = typeof rest[rest.length - 1] === 'function' ? undefined : kindOf(command);
          return kind && shape(this.tracer, client, command, kind);
        },
      };
      return [send];
    });
  }
}

function shape(tracer: Tracer, client: ClientLike, command: unknown, kind: Kind): GenAiCallShape {
  const input = (command as { input?: CommandInput } | undefined)?.input;
  return {
    request() {
      const family = familyOf(input?.modelId);
      return {
        operation: kind.startsWith('InvokeModel') ? invokeOperation(family) : GEN_AI_OPERATION.CHAT,
        provider: GEN_AI_PROVIDER.AWS_BEDROCK,
        model: typeof input?.modelId === 'string' ? input.modelId : undefined,
        streaming: kind.endsWith('Stream'),
        attributes: kind.startsWith('InvokeModel') ? undefined : inferenceAttributes(input?.inferenceConfig),
      };
    },
    started(call) {
      observeAttempts(tracer, client, command);
      if (contentCapture().enabled) captureInput(call, kind, input);
    },
    settled: (call, output) => settled(call, kind, input, output),
    failed: recordMetadata,
  };
}

function recordMetadata(call: GenAiCall, x: unknown) {
  const { attempts, requestId } = metadataOf(x);
  // The SDK counts its own attempts, also over HTTP/2 where no HTTP client span exists to count.
  if (attempts !== undefined) call.setAttributes({ [ATTR_BOTANU_REQUEST_ATTEMPTS]: attempts });
  if (requestId) call.setAttributes({ 'aws.request.id': requestId });
}

function settled(call: GenAiCall, kind: Kind, input: CommandInput | undefined, output: unknown): void | Continues {
  recordMetadata(call, output);
  const out = output as { usage?: unknown; stopReason?: unknown; body?: unknown; stream?: object; output?: { message?: unknown } } | undefined;
  if (kind === 'Converse') {
    call.usage(converseUsage(out?.usage));
    if (typeof out?.stopReason === 'string') call.response({ finishReasons: [out.stopReason] });
    return call.recordOutput(out?.output?.message);
  }
  if (kind === 'InvokeModel') {
    const body = parseBody(out?.body);
    const r = invokeResult(familyOf(input?.modelId), body);
    call.usage(r.usage);
    call.response(r.response);
    return call.recordOutput(body);
  }
  // The streams are read in place: the app iterates the very objects the SDK returned.
  const stream = kind === 'InvokeModelWithResponseStream' ? out?.body : out?.stream;
  if (!stream || typeof stream !== 'object') return;
  readStream(call, stream, kind === 'ConverseStream' ? converseStreamReader(call) : invokeStreamReader(call, familyOf(input?.modelId)));
  return continues(output);
}

/** InvokeModelWithResponseStream: the body yields `{ chunk: { bytes } }`, each the model's own JSON event. */
function invokeStreamReader(call: GenAiCall, family: ModelFamily): GenAiStreamReader<{ chunk?: { bytes?: unknown } } | undefined> {
  const events = new InvokeStreamEvents(family);
  return {
    chunk: (ev) => events.add(parseBody(ev?.chunk?.bytes)),
    done() {
      call.usage(events.usage);
      call.response(events.response);
    },
  };
}

/** ConverseStream events: text deltas, messageStop's stop reason, the final metadata event's usage. */
function converseStreamReader(call: GenAiCall): GenAiStreamReader<Record<string, { usage?: unknown; stopReason?: unknown; delta?: { text?: unknown } } | undefined>> {
  let usage: GenAiUsage | undefined;
  let text = contentCapture().enabled ? '' : undefined;
  return {
    chunk(ev) {
      if (text !== undefined && typeof ev?.contentBlockDelta?.delta?.text === 'string') text += ev.contentBlockDelta.delta.text;
      if (typeof ev?.messageStop?.stopReason === 'string') call.response({ finishReasons: [ev.messageStop.stopReason] });
      if (ev?.metadata?.usage) usage = converseUsage(ev.metadata.usage);
    },
    done() {
      call.usage(usage);
      if (text) call.recordOutput({ role: 'assistant', content: [{ text }] });
    },
  };
}

/** Prompt side, when content capture is on: Converse messages (and system), or the InvokeModel body. */
function captureInput(call: GenAiCall, kind: Kind, input: CommandInput | undefined) {
  if (kind.startsWith('InvokeModel')) {
    const b = input?.body;
    call.recordInput(typeof b === 'string' ? b : b instanceof Uint8Array ? parseBody(b) : undefined);
  } else call.recordInput(input?.system ? { system: input.system, messages: input.messages } : input?.messages);
}
