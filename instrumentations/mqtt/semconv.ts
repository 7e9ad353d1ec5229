// Attribute names on MQTT spans: the messaging conventions, and MQTT's system name.
export * from '../messaging-semconv';

export const MESSAGING_SYSTEM_VALUE_MQTT = 'mqtt';
