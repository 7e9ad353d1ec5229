// The public API of @botanu/agent.
export { botanuWorkflow, emitOutcome, getRunId, getWorkflow, OUTCOME_STATUSES } from './workflow';
export type { WorkflowOptions, OutcomeOptions, OutcomeStatus, IdSource } from './workflow';
export { RunContextEnricher } from './run-context-enricher';
export { uuidv7 as generateRunId } from './uuidv7';
export * as attributes from './attributes';
// For apps that wire their own SDK (see README "Coexistence").
export { SampledSpanProcessor } from './coexist/sampled-span-processor';
export { alwaysRecordSampler } from './sampler';
