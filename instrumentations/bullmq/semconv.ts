// Attribute names used on BullMQ spans: OpenTelemetry messaging semantic
// conventions (incubating, so spelled out here rather than imported), and the
// names BullMQ's own telemetry uses that we read or translate.
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';

export const MESSAGING_SYSTEM_VALUE_BULLMQ = 'bullmq';

export const BULLMQ_QUEUE_NAME = 'bullmq.queue.name';
export const BULLMQ_QUEUE_OPERATION = 'bullmq.queue.operation';
export const BULLMQ_JOB_ID = 'bullmq.job.id';
/** The processor's return value: an LLM answer, a document. Never exported. */
export const BULLMQ_JOB_RESULT = 'bullmq.job.result';

/** BullMQ's SpanKind enum has the OpenTelemetry numbering. */
export const BULLMQ_SPAN_KIND = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
