// Shared between the LLM instrumentations and the HTTP client hooks: an LLM span
// puts a counter in the context of the SDK call; every HTTP attempt made inside
// it (first try and each retry) increments it, so the LLM span can record
// `botanu.request.attempts` without knowing how the SDK retries.
import { createContextKey, type Context } from '@opentelemetry/api';

export interface AttemptCounter {
  attempts: number;
}

// Symbol.for-based key: shared by every bundle/copy of this module in the process.
export const ATTEMPT_COUNTER_KEY = createContextKey('botanu.request.attempt-counter');

export function withAttemptCounter(ctx: Context): [Context, AttemptCounter] {
  const counter: AttemptCounter = { attempts: 0 };
  return [ctx.setValue(ATTEMPT_COUNTER_KEY, counter), counter];
}

/** Called by the HTTP client hooks for each attempt they see. */
export function countAttempt(ctx: Context): void {
  const c = ctx.getValue(ATTEMPT_COUNTER_KEY) as AttemptCounter | undefined;
  if (c) c.attempts++;
}
