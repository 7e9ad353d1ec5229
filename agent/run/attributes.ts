// Attribute and baggage key names used by the agent, in one place.

export const RUN_ID = 'botanu.run_id';
export const WORKFLOW = 'botanu.workflow';
export const EVENT_ID = 'botanu.event_id';
export const CUSTOMER_ID = 'botanu.customer_id';
export const ENVIRONMENT = 'botanu.environment';
export const TENANT_ID = 'botanu.tenant_id';
export const PARENT_RUN_ID = 'botanu.parent_run_id';

/** The run context carried in W3C baggage and copied onto every span. */
export const RUN_CONTEXT_KEYS = [RUN_ID, WORKFLOW, EVENT_ID, CUSTOMER_ID, ENVIRONMENT, TENANT_ID, PARENT_RUN_ID] as const;

export const BOTANU_PREFIX = 'botanu.';

export const OUTCOME_STATUS = 'botanu.outcome.status';
export const OUTCOME_VALUE_TYPE = 'botanu.outcome.value_type';
export const OUTCOME_VALUE_AMOUNT = 'botanu.outcome.value_amount';
export const OUTCOME_REASON = 'botanu.outcome.reason';
export const OUTCOME_CONFIDENCE = 'botanu.outcome.confidence';
export const RUN_DURATION_MS = 'botanu.run.duration_ms';
export const RUN_START_TIME = 'botanu.run.start_time';

/** Bounds on what baggage may put on a span. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 4096;
export const MAX_EXTRA_BAGGAGE_KEYS = 32;

/** Property on SDK span objects pointing at the span's local root (set by RunContextEnricher). */
export const LOCAL_ROOT = Symbol.for('botanu.localRoot');
