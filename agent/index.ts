// The public API of @botanu/agent.
export { botanuWorkflow, emitOutcome, getRunId, getWorkflow, OUTCOME_STATUSES } from './run/workflow';
export type { WorkflowOptions, OutcomeOptions, OutcomeStatus, IdSource } from './run/workflow';
export { RunContextEnricher } from './run/run-context-enricher';
export { uuidv7 as generateRunId } from './run/uuidv7';
export * as attributes from './run/attributes';
// For apps that wire their own SDK (see README "Coexistence").
export { SampledSpanProcessor } from './coexist/sampled-span-processor';
export { alwaysRecordSampler } from './config/sampler';
