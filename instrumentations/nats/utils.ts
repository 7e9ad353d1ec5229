// NATS headers as an OpenTelemetry carrier, and the span attributes of a message.
import type { Attributes, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import * as S from './semconv';

/** The parts of nats' MsgHdrs used here. */
export interface NatsHeaders {
  get(k: string): string;
  set(k: string, v: string): void;
  keys(): string[];
}

export const headerSetter: TextMapSetter<NatsHeaders> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

export const headerGetter: TextMapGetter<NatsHeaders | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  // MsgHdrs#get returns "" for a missing key; propagators must see it as absent.
  get: (carrier, key) => (carrier ? carrier.get(key) || undefined : undefined),
};

/** Reply inboxes are per-request subjects: one span name for all of them. */
export function isTemporary(subject: string): boolean {
  return subject.startsWith('_INBOX.');
}

/** `$JS.API.*`, `$SYS.*`: the client's and server's own protocol traffic, not the app's messages. */
export function isSystemSubject(subject: string): boolean {
  return subject.startsWith('$');
}

export function publishAttributes(subject: string, size: number | undefined): Attributes {
  const attrs: Attributes = {
    [S.ATTR_MESSAGING_SYSTEM]: S.MESSAGING_SYSTEM_VALUE_NATS,
    [S.ATTR_MESSAGING_DESTINATION_NAME]: subject,
    [S.ATTR_MESSAGING_OPERATION_NAME]: 'publish',
    [S.ATTR_MESSAGING_OPERATION_TYPE]: 'send',
  };
  if (isTemporary(subject)) attrs[S.ATTR_MESSAGING_DESTINATION_TEMPORARY] = true;
  if (size !== undefined) attrs[S.ATTR_MESSAGING_MESSAGE_BODY_SIZE] = size;
  return attrs;
}

export function consumeAttributes(operation: 'process' | 'receive', subscription: string, subject: string, queue: string | undefined, size: number | undefined): Attributes {
  const attrs: Attributes = {
    [S.ATTR_MESSAGING_SYSTEM]: S.MESSAGING_SYSTEM_VALUE_NATS,
    [S.ATTR_MESSAGING_DESTINATION_NAME]: subject,
    [S.ATTR_MESSAGING_DESTINATION_SUBSCRIPTION_NAME]: subscription,
    [S.ATTR_MESSAGING_OPERATION_NAME]: operation,
    [S.ATTR_MESSAGING_OPERATION_TYPE]: operation,
  };
  if (queue) attrs[S.ATTR_MESSAGING_CONSUMER_GROUP_NAME] = queue;
  if (isTemporary(subject)) attrs[S.ATTR_MESSAGING_DESTINATION_TEMPORARY] = true;
  if (size !== undefined) attrs[S.ATTR_MESSAGING_MESSAGE_BODY_SIZE] = size;
  return attrs;
}

export function spanName(operation: string, subject: string): string {
  return `${operation} ${isTemporary(subject) ? '(temporary)' : subject}`;
}
