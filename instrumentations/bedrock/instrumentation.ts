// Amazon Bedrock Runtime (@aws-sdk/client-bedrock-runtime v3): one GenAI span
// per Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream call, around the client's
// send(), so the SDK's retries happen under it. Usage comes from the response
// (Converse TokenUsage, the InvokeModel body of each model family, the
// ConverseStream `metadata` event); attempts from the SDK's own $metadata.
import { context } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { startGenAiCall, type GenAiCall, type GenAiUsage } from '../genai/genai-call';
import { capturedContent, contentCapture } from '../genai/content-capture';
import { ATTR_BOTANU_REQUEST_ATTEMPTS, ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES, GEN_AI_OPERATION, GEN_AI_PROVIDER } from '../genai/semconv';
import { observeStream } from '../genai/stream-span';
import { botanuScope } from '../../agent/for-instrumentations';
import { SUPPORTED_VERSIONS } from '../supported-versions';
import { BEDROCK_COMMANDS, setBedrockTraced } from './aws-sdk-handoff';
import { converseUsage, familyOf, inferenceAttributes, invokeOperation, invokeResult, InvokeStreamReader, parseBody } from './utils';
import { observeAttempts } from './attempt-spans';


type Send = (this: ClientLike, command: unknown, ...rest: unknown[]) => Promise<unknown>;
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

export class BedrockRuntimeInstrumentation extends InstrumentationBase {
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
    return new InstrumentationNodeModuleDefinition(
      '@aws-sdk/client-bedrock-runtime',
      [SUPPORTED_VERSIONS.bedrock['@aws-sdk/client-bedrock-runtime']],
      (exports: Record<string, { prototype: Record<string, Send> } | undefined>) => {
        const proto = exports?.BedrockRuntimeClient?.prototype;
        if (!proto || typeof proto.send !== 'function') return exports;
        const kindOf = (command: unknown): Kind | undefined => {
          for (const k of BEDROCK_COMMANDS) {
            const C = exports[`${k}Command`] as unknown as (new (...a: unknown[]) => unknown) | undefined;
            if (typeof C === 'function' && command instanceof C) return k;
          }
          return undefined;
        };
        this._wrap(proto, 'send', (orig: Send) => this.tracedSend(orig, kindOf));
        return exports;
      },
      (exports: Record<string, { prototype: Record<string, Send> } | undefined>) => {
        const proto = exports?.BedrockRuntimeClient?.prototype;
        if (proto) this._unwrap(proto, 'send');
      },
    );
  }

  private tracedSend(orig: Send, kindOf: (command: unknown) => Kind | undefined): Send {
    const self = this;
    return function (this: ClientLike, command: unknown, ...rest: unknown[]) {
      // The callback form is left untraced: its result does not come back through here.
      const kind = typeof rest[rest.length - 1] === 'function' ? undefined : kindOf(command);
      const input = (command as { input?: CommandInput } | undefined)?.input;
      let call: GenAiCall | undefined;
      try {
        if (kind) {
          const family = familyOf(input?.modelId);
          call = startGenAiCall(self.tracer, {
            operation: kind.startsWith('InvokeModel') ? invokeOperation(family) : GEN_AI_OPERATION.CHAT,
            provider: GEN_AI_PROVIDER.AWS_BEDROCK,
            model: typeof input?.modelId === 'string' ? input.modelId : undefined,
            streaming: kind.endsWith('Stream'),
            attributes: kind.startsWith('InvokeModel') ? undefined : inferenceAttributes(input?.inferenceConfig),
          });
          observeAttempts(self.tracer, this, command);
          if (contentCapture().enabled) captureInput(call, kind, input);
        }
      } catch {
        call = undefined;
      }
      if (!call || !kind) return orig.apply(this, [command, ...rest]);
      const c = call;
      let p: Promise<unknown>;
      try {
        p = context.with(c.context, () => orig.apply(this, [command, ...rest]));
      } catch (err) {
        c.fail(err);
        throw err;
      }
      if (typeof p?.then !== 'function') {
        c.end();
        return p;
      }
      return p.then(
        (output) => {
          self.onOutput(c, kind, input, output);
          return output;
        },
        (err) => {
          self.recordMetadata(c, err);
          c.fail(err);
          throw err;
        },
      );
    };
  }

  private recordMetadata(call: GenAiCall, x: unknown) {
    const { attempts, requestId } = metadataOf(x);
    // The SDK counts its own attempts, also over HTTP/2 where no HTTP client span exists to count.
    if (attempts !== undefined) call.setAttributes({ [ATTR_BOTANU_REQUEST_ATTEMPTS]: attempts });
    if (requestId) call.setAttributes({ 'aws.request.id': requestId });
  }

  /** The body is an async iterable of `{ chunk: { bytes } }`, each the model's own JSON event. */
  private observeInvokeStream(call: GenAiCall, input: CommandInput | undefined, body: unknown) {
    if (!body || typeof body !== 'object') return call.end();
    const reader = new InvokeStreamReader(familyOf(input?.modelId));
    observeStream<object, { chunk?: { bytes?: unknown } } | undefined>(body, {
      onChunk(ev) {
        reader.add(parseBody(ev?.chunk?.bytes));
      },
      onEnd(end) {
        call.usage(reader.usage);
        call.response(reader.response);
        if (end.kind === 'error') call.fail(end.error);
        else if (end.kind === 'cancelled') call.cancel();
        else call.end();
      },
    });
  }

  private onOutput(call: GenAiCall, kind: Kind, input: CommandInput | undefined, output: unknown) {
    try {
      this.recordMetadata(call, output);
      const out = output as { usage?: unknown; stopReason?: unknown; body?: unknown; stream?: object } | undefined;
      if (kind === 'Converse') {
        call.usage(converseUsage(out?.usage));
        if (typeof out?.stopReason === 'string') call.response({ finishReasons: [out.stopReason] });
        captureOutput(call, (out as { output?: { message?: unknown } } | undefined)?.output?.message);
        return call.end();
      }
      if (kind === 'InvokeModel') {
        const body = parseBody(out?.body);
        const r = invokeResult(familyOf(input?.modelId), body);
        call.usage(r.usage);
        call.response(r.response);
        captureOutput(call, body);
        return call.end();
      }
      if (kind === 'InvokeModelWithResponseStream') return this.observeInvokeStream(call, input, out?.body);
      if (!out?.stream) return call.end();
      let usage: GenAiUsage | undefined;
      let text = contentCapture().enabled ? '' : undefined;
      observeStream<object, Record<string, { usage?: unknown; stopReason?: unknown; delta?: { text?: unknown } } | undefined>>(out.stream, {
        onChunk(ev) {
          if (text !== undefined && typeof ev?.contentBlockDelta?.delta?.text === 'string') text += ev.contentBlockDelta.delta.text;
          if (typeof ev?.messageStop?.stopReason === 'string') call.response({ finishReasons: [ev.messageStop.stopReason] });
          if (ev?.metadata?.usage) usage = converseUsage(ev.metadata.usage);
        },
        onEnd(end) {
          call.usage(usage);
          if (text) captureOutput(call, { role: 'assistant', content: [{ text }] });
          if (end.kind === 'error') call.fail(end.error);
          else if (end.kind === 'cancelled') call.cancel();
          else call.end();
        },
      });
    } catch {
      call.end();
    }
  }
}

/** Prompt side, when content capture is on: Converse messages (and system), or the InvokeModel body. */
function captureInput(call: GenAiCall, kind: Kind, input: CommandInput | undefined) {
  let value: unknown;
  if (kind.startsWith('InvokeModel')) {
    const b = input?.body;
    value = typeof b === 'string' ? b : b instanceof Uint8Array ? parseBody(b) : undefined;
  } else value = input?.system ? { system: input.system, messages: input.messages } : input?.messages;
  const text = capturedContent(value);
  if (text) call.setAttributes({ [ATTR_GEN_AI_INPUT_MESSAGES]: text });
}

function captureOutput(call: GenAiCall, value: unknown) {
  const text = value === undefined ? undefined : capturedContent(value);
  if (text) call.setAttributes({ [ATTR_GEN_AI_OUTPUT_MESSAGES]: text });
}
