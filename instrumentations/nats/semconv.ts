// Attribute names on NATS spans: the messaging conventions, and NATS's system name.
export * from '../messaging-semconv';

export const MESSAGING_SYSTEM_VALUE_NATS = 'nats';
