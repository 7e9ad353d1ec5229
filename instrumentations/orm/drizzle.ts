// drizzle-orm calls a tracer of its own around each query (drizzle-orm/tracing:
// drizzle.operation, drizzle.prepareQuery, drizzle.execute, drizzle.driver.execute,
// drizzle.mapResponse), but it is never connected to OpenTelemetry. This connects
// the one that matters: a span per executed query, `drizzle SELECT`, with
// db.operation.name and db.query.text as drizzle wrote it (placeholders). The
// bound values drizzle offers (drizzle.query.params) are never recorded, and the
// other four names make no span (five spans per query would be noise).
import { context, trace, type Span } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { botanuScope } from '../../agent/for-instrumentations';
import { runInSpan } from '../span-around';
import { SUPPORTED_VERSIONS } from '../supported-versions';

type SpanFn = (span?: SpanView) => unknown;
interface DrizzleTracer {
  startActiveSpan: (name: string, fn: SpanFn) => unknown;
  __botanuOriginal?: DrizzleTracer['startActiveSpan'];
}
/** What drizzle's code may call on the span it is handed. */
interface SpanView {
  setAttributes(attrs: Record<string, unknown>): void;
  setStatus(): void;
}

const NO_SPAN: SpanView = { setAttributes: () => undefined, setStatus: () => undefined };

/** Hands drizzle a view that passes the query text (never its params) to the execute span. */
function textOnly(span: Span | undefined): SpanView {
  if (!span) return NO_SPAN;
  return {
    setAttributes(attrs) {
      const text = attrs?.['drizzle.query.text'];
      if (typeof text !== 'string') return;
      const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase();
      span.setAttribute('db.query.text', text);
      if (operation) {
        span.setAttribute('db.operation.name', operation);
        span.updateName(`drizzle ${operation}`);
      }
    },
    setStatus: () => undefined,
  };
}

export class DrizzleInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(...botanuScope('drizzle'), config);
  }

  protected init() {
    const range = [SUPPORTED_VERSIONS.drizzle['drizzle-orm']];
    const patch = (exports: { tracer?: DrizzleTracer }) => {
      const t = exports?.tracer;
      if (!t || typeof t.startActiveSpan !== 'function' || t.__botanuOriginal) return exports;
      const original = t.startActiveSpan;
      const instrumentation = this;
      Object.defineProperty(t, '__botanuOriginal', { value: original, configurable: true });
      t.startActiveSpan = function startActiveSpan(this: unknown, name: string, fn: SpanFn) {
        if (name === 'drizzle.execute') {
          let span: Span | undefined;
          try {
            span = instrumentation.tracer.startSpan('drizzle.execute', { attributes: { 'db.system.name': 'drizzle' } });
          } catch {
            span = undefined;
          }
          return span ? runInSpan(span, () => fn(NO_SPAN)) : fn(NO_SPAN);
        }
        if (name === 'drizzle.driver.execute') return fn(textOnly(currentExecute(instrumentation)));
        return fn(NO_SPAN);
      };
      return exports;
    };
    const unpatch = (exports: { tracer?: DrizzleTracer }) => {
      const t = exports?.tracer;
      if (t?.__botanuOriginal) {
        t.startActiveSpan = t.__botanuOriginal;
        delete t.__botanuOriginal;
      }
      return exports;
    };
    return new InstrumentationNodeModuleDefinition('drizzle-orm', range, undefined, undefined, [
      new InstrumentationNodeModuleFile('drizzle-orm/tracing.js', range, patch, unpatch),
      new InstrumentationNodeModuleFile('drizzle-orm/tracing.cjs', range, patch, unpatch),
    ]);
  }
}

/** The active span when it is this instrumentation's drizzle.execute span. */
function currentExecute(instrumentation: DrizzleInstrumentation): Span | undefined {
  const span = trace.getSpan(context.active()) as (Span & { instrumentationScope?: { name?: string }; instrumentationLibrary?: { name?: string } }) | undefined;
  const scope = span?.instrumentationScope?.name ?? span?.instrumentationLibrary?.name;
  return scope === instrumentation.instrumentationName ? span : undefined;
}
