// Attribute names on BullMQ spans: the messaging conventions, and the names
// BullMQ's own telemetry uses that we read or translate.
export * from '../messaging-semconv';

export const MESSAGING_SYSTEM_VALUE_BULLMQ = 'bullmq';

export const BULLMQ_QUEUE_NAME = 'bullmq.queue.name';
export const BULLMQ_QUEUE_OPERATION = 'bullmq.queue.operation';
export const BULLMQ_JOB_ID = 'bullmq.job.id';
/** The processor's return value: an LLM answer, a document. Never exported. */
export const BULLMQ_JOB_RESULT = 'bullmq.job.result';

/** BullMQ's SpanKind enum has the OpenTelemetry numbering. */
export const BULLMQ_SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
