// The HTTP-level LLM recogniser as an instrumentation (name `llm-http`): wraps
// global fetch once, at preload, before any app code can take a reference to
// it, and lends its tracer to the node:http hooks (node-http-wire.ts, called by
// the http instrumentation). Disabling only switches both off (someone may have
// wrapped fetch in turn, so it is never unwound).
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { setLlmHttpTracer } from './active';
import { wrapFetch } from './fetch-wire';

export class LlmHttpInstrumentation extends InstrumentationBase {
  constructor() {
    super(...botanuScope('llm-http'), {});
  }

  protected init() {
    return [];
  }

  override enable(): void {
    super.enable();
    setLlmHttpTracer(() => this.tracer);
    const g = globalThis as { fetch?: typeof fetch };
    if (typeof g.fetch === 'function') g.fetch = wrapFetch(g.fetch);
  }

  override disable(): void {
    super.disable();
    setLlmHttpTracer(undefined);
  }
}

export function createLlmHttpInstrumentation() {
  return new LlmHttpInstrumentation();
}
