// MQTT 5 user properties as an OpenTelemetry carrier, and span attributes.
import type { Attributes, TextMapGetter } from '@opentelemetry/api';
import * as S from './semconv';

/** MQTT 5 user properties: each value one string or several. */
export type UserProperties = Record<string, string | string[]>;

export const userPropertiesGetter: TextMapGetter<UserProperties | undefined> = {
  keys: (carrier) => (carrier ? Object.keys(carrier) : []),
  get: (carrier, key) => {
    const v = carrier?.[key];
    return Array.isArray(v) ? v[0] : v;
  },
};

export function payloadSize(payload: unknown): number | undefined {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (payload instanceof Uint8Array) return payload.length;
  return undefined;
}

export function messageAttributes(operation: 'publish' | 'process', topic: string, size: number | undefined): Attributes {
  const attrs: Attributes = {
    [S.ATTR_MESSAGING_SYSTEM]: S.MESSAGING_SYSTEM_VALUE_MQTT,
    [S.ATTR_MESSAGING_DESTINATION_NAME]: topic,
    [S.ATTR_MESSAGING_OPERATION_NAME]: operation,
    [S.ATTR_MESSAGING_OPERATION_TYPE]: operation === 'publish' ? 'send' : 'process',
  };
  if (size !== undefined) attrs[S.ATTR_MESSAGING_MESSAGE_BODY_SIZE] = size;
  return attrs;
}
