// The HTTP-level LLM recogniser as an instrumentation (name `llm-http`): wraps
// global fetch once, at preload, before any app code can take a reference to
// it; disabling only switches the wrapper off (someone may have wrapped it in
// turn, so it is never unwound).
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { wrapFetch } from './fetch-wire';

let enabled = false;

export class LlmHttpInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('llm-http'), {});
  }

  protected init() {
    return [];
  }

  override enable(): void {
    super.enable();
    enabled = true;
    const g = globalThis as { fetch?: typeof fetch };
    if (typeof g.fetch === 'function') g.fetch = wrapFetch(g.fetch, () => this.tracer, () => enabled);
  }

  override disable(): void {
    super.disable();
    enabled = false;
  }
}

export function createLlmHttpInstrumentation() {
  return new LlmHttpInstrumentation();
}
