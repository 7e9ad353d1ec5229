// One LLM answer's bytes, in the order they arrive, read into its GenAI call:
// shared by the fetch and the node:http paths. Ends the call exactly once.
import type { GenAiCall } from '../genai/genai-call';
import type { StreamEnd } from '../genai/stream-span';
import { BodyEvents, bodyModeOf } from './body-events';
import type { LlmEndpoint } from './endpoints';
import { wireReader } from './wire-usage';

/** A request recognised as an LLM call, with its GenAI call started. */
export interface RecognisedCall {
  call: GenAiCall;
  ep: LlmEndpoint;
  model?: string;
  signal?: AbortSignal;
}

export interface AnswerReader {
  push(bytes: Uint8Array): void;
  finish(end: StreamEnd): void;
}

export function answerReader(r: RecognisedCall, contentType: string | null | undefined): AnswerReader {
  const mode = bodyModeOf(contentType);
  const reader = wireReader(r.call, r.ep, mode, r.model);
  const events = new BodyEvents(mode, (v) => reader.chunk?.(v));
  let finished = false;
  return {
    push(bytes) {
      if (finished) return;
      try {
        events.push(bytes);
      } catch {
        /* never reach the app */
      }
    },
    finish(end) {
      if (finished) return;
      finished = true;
      try {
        if (end.kind === 'done') events.end();
        reader.done?.();
      } catch {
        /* still end the call */
      }
      // A body that ends quietly after the app aborted its request was cut short.
      r.call.endWith(end.kind === 'done' && r.signal?.aborted ? { kind: 'cancelled' } : end);
    },
  };
}
