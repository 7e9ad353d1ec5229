// The entry-point API: botanuWorkflow starts a run, emitOutcome records how it
// ended. All state lives in OpenTelemetry context (keys made with Symbol.for),
// so the ESM and CJS copies of this module, and the preloaded agent, share it.
// Without the agent preloaded the global API is a no-op and so is all of this.
import { context, createContextKey, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import * as A from './attributes';
import { uuidv7 } from './uuidv7';
import { AGENT_VERSION } from '../version';
import { EnvReader } from '../config/env';
import { readEnvironment } from '../config/environment';

export type IdSource<Args extends unknown[]> = string | ((...args: Args) => string | undefined | null);

export interface WorkflowOptions<Args extends unknown[] = unknown[]> {
  name: string;
  eventId: IdSource<Args>;
  customerId: IdSource<Args>;
  tenantId?: IdSource<Args>;
  environment?: string;
  /** Set `botanu.outcome.status=success` when the workflow returns without an outcome (default true). */
  autoOutcomeOnSuccess?: boolean;
  spanKind?: SpanKind;
}

export const OUTCOME_STATUSES = ['success', 'partial', 'failed', 'timeout', 'canceled', 'abandoned'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export interface OutcomeOptions {
  valueType?: string;
  valueAmount?: number;
  reason?: string;
  confidence?: number;
}

interface RunState {
  span: Span;
  runId: string;
  workflow: string;
  outcome?: string;
}

const RUN_STATE = createContextKey('botanu.run.state');
// Set by the preloaded agent: its own provider, which stays botanu's even when
// another tracer (Sentry's OpenTelemetry setup) holds the global one.
const AGENT_TRACER_PROVIDER = Symbol.for('botanu.agent.tracer-provider');

function runTracer() {
  const p = (globalThis as Record<symbol, { getTracer?: typeof trace.getTracer } | undefined>)[AGENT_TRACER_PROVIDER];
  return typeof p?.getTracer === 'function' ? p.getTracer('botanu', AGENT_VERSION) : trace.getTracer('botanu', AGENT_VERSION);
}
const warned = new Set<string>();
function warnOnce(key: string, msg: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  try {
    process.stderr.write(`[botanu] warn: ${msg}\n`);
  } catch {
    /* ignore */
  }
}

function resolveId<Args extends unknown[]>(what: string, src: IdSource<Args> | undefined, args: Args): string | undefined {
  if (src === undefined) return undefined;
  try {
    const v = typeof src === 'function' ? src(...args) : src;
    return v === undefined || v === null ? undefined : String(v);
  } catch (err) {
    warnOnce(`id:${what}`, `botanuWorkflow: the ${what} function threw (${(err as Error)?.message}); the run is recorded without it`);
    return undefined;
  }
}

let environment: string | undefined;
/** The agent's rule (agent/config), read once; its warnings are the agent's to print. */
function defaultEnvironment(): string {
  if (environment === undefined) {
    const r = new EnvReader(process.env);
    environment = readEnvironment(r, r.keyValues('OTEL_RESOURCE_ATTRIBUTES')).environment;
  }
  return environment;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';
}

/**
 * Wraps `fn` so that each call is one run: a new UUIDv7 run_id, a
 * `botanu.run/<name>` span, and the run context in W3C baggage for everything
 * inside it. A synchronous `fn` stays synchronous.
 */
export function botanuWorkflow<Args extends unknown[], R>(opts: WorkflowOptions<Args>, fn: (...args: Args) => R): (...args: Args) => R {
  const name = String(opts?.name ?? '').trim() || 'unnamed';
  if (!opts?.name) warnOnce('name', 'botanuWorkflow: no name given; using "unnamed"');

  return function botanuRun(this: unknown, ...args: Args): R {
    let started: { ctx: Context; state: RunState; startedAt: number } | undefined;
    try {
      started = startRun(name, opts, args);
    } catch {
      started = undefined; // never let bookkeeping break the user's function
    }
    if (!started) return fn.apply(this, args);
    const { ctx, state, startedAt } = started;
    let result: R;
    try {
      result = context.with(ctx, () => fn.apply(this, args));
    } catch (err) {
      endRun(state, startedAt, opts, err, true);
      throw err;
    }
    if (isThenable(result)) {
      (result as PromiseLike<unknown>).then(
        () => endRun(state, startedAt, opts, undefined, false),
        (err: unknown) => endRun(state, startedAt, opts, err, true),
      );
      return result;
    }
    endRun(state, startedAt, opts, undefined, false);
    return result;
  };
}

function startRun<Args extends unknown[]>(name: string, opts: WorkflowOptions<Args>, args: Args) {
  const active = context.active();
  const outer = active.getValue(RUN_STATE) as RunState | undefined;
  const runId = uuidv7();
  const attrs: Record<string, string> = {
    [A.RUN_ID]: runId,
    [A.WORKFLOW]: name,
    [A.EVENT_ID]: resolveId('eventId', opts.eventId, args) ?? '',
    [A.CUSTOMER_ID]: resolveId('customerId', opts.customerId, args) ?? '',
    [A.ENVIRONMENT]: opts.environment || defaultEnvironment(),
  };
  const tenant = resolveId('tenantId', opts.tenantId, args);
  if (tenant) attrs[A.TENANT_ID] = tenant;
  // Only a run started in this process is a parent: baggage from outside is never run identity.
  if (outer) attrs[A.PARENT_RUN_ID] = outer.runId;

  let baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
  for (const [key] of baggage.getAllEntries()) if (key.startsWith(A.BOTANU_PREFIX)) baggage = baggage.removeEntry(key);
  for (const [k, v] of Object.entries(attrs)) if (v) baggage = baggage.setEntry(k, { value: v.slice(0, A.MAX_ATTRIBUTE_VALUE_LENGTH) });

  // The request's own span (e.g. the HTTP server span) belongs to the run too,
  // and must lose whatever botanu.* attributes incoming baggage put on it.
  if (!outer) {
    const current = trace.getSpan(active) as (Span & { [A.LOCAL_ROOT]?: Span }) | undefined;
    if (current) restamp(current, attrs);
    if (current?.[A.LOCAL_ROOT]) restamp(current[A.LOCAL_ROOT], attrs);
  }

  const startedAt = Date.now();
  const tracer = runTracer();
  const span = tracer.startSpan(
    `botanu.run/${name}`,
    { kind: opts.spanKind ?? SpanKind.INTERNAL, attributes: { ...attrs, [A.RUN_START_TIME]: new Date(startedAt).toISOString() } },
    propagation.setBaggage(active, baggage),
  );
  const state: RunState = { span, runId, workflow: name };
  const ctx = trace.setSpan(propagation.setBaggage(active, baggage), span).setValue(RUN_STATE, state);
  return { ctx, state, startedAt };
}

/** Replaces a span's run attributes, dropping run keys that came from incoming baggage. */
function restamp(span: Span, attrs: Record<string, string>): void {
  const own = (span as Span & { attributes?: Record<string, unknown> }).attributes;
  if (own && typeof own === 'object') for (const k of A.RUN_CONTEXT_KEYS) if (!(k in attrs) && k in own) delete own[k];
  span.setAttributes(attrs);
}

function endRun(state: RunState, startedAt: number, opts: WorkflowOptions<never>, err: unknown, failed: boolean): void {
  try {
    const { span } = state;
    span.setAttribute(A.RUN_DURATION_MS, Date.now() - startedAt);
    if (failed) {
      const e = err instanceof Error ? err : new Error(String(err));
      span.recordException(e);
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
      if (!state.outcome) span.setAttribute(A.OUTCOME_STATUS, 'failed');
    } else if (!state.outcome && opts.autoOutcomeOnSuccess !== false) {
      span.setAttribute(A.OUTCOME_STATUS, 'success');
    }
    span.end();
  } catch {
    /* never throw into the app */
  }
}

/** Records the business outcome of the current run on its run span. */
export function emitOutcome(status: OutcomeStatus | ({ status: OutcomeStatus } & OutcomeOptions), opts: OutcomeOptions = {}): void {
  try {
    const o = typeof status === 'object' && status !== null ? { ...status, ...opts } : { status, ...opts };
    if (!(OUTCOME_STATUSES as readonly string[]).includes(o.status)) {
      warnOnce(`status:${o.status}`, `emitOutcome: unknown status ${JSON.stringify(o.status)} (expected ${OUTCOME_STATUSES.join(', ')}); ignored`);
      return;
    }
    const state = context.active().getValue(RUN_STATE) as RunState | undefined;
    if (!state) {
      warnOnce('no-run', 'emitOutcome called outside botanuWorkflow; ignored');
      return;
    }
    state.outcome = o.status;
    const attrs: Record<string, string | number> = { [A.OUTCOME_STATUS]: o.status };
    if (o.valueType !== undefined) attrs[A.OUTCOME_VALUE_TYPE] = String(o.valueType);
    if (typeof o.valueAmount === 'number' && Number.isFinite(o.valueAmount)) attrs[A.OUTCOME_VALUE_AMOUNT] = o.valueAmount;
    if (o.reason !== undefined) attrs[A.OUTCOME_REASON] = String(o.reason).slice(0, A.MAX_ATTRIBUTE_VALUE_LENGTH);
    if (typeof o.confidence === 'number' && Number.isFinite(o.confidence)) attrs[A.OUTCOME_CONFIDENCE] = o.confidence;
    state.span.setAttributes(attrs);
    state.span.addEvent('botanu.outcome_emitted', attrs);
  } catch {
    /* never throw into the app */
  }
}

function baggageValue(key: string): string | undefined {
  try {
    return propagation.getBaggage(context.active())?.getEntry(key)?.value || undefined;
  } catch {
    return undefined;
  }
}

/** The run_id of the current run, or of the run this request belongs to. */
export function getRunId(): string | undefined {
  return baggageValue(A.RUN_ID);
}

export function getWorkflow(): string | undefined {
  return baggageValue(A.WORKFLOW);
}
