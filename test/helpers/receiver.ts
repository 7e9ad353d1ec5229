// The tests' OTLP receiver is the product's own (agent/devtools), started per test.
export { OtlpReceiver } from '../../agent/cli/receiver/otlp-receiver';
export type { DecodedSpan } from '../../agent/cli/receiver/otlp-decode';
import type { DecodedSpan } from '../../agent/cli/receiver/otlp-decode';

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

export function byName(spans: DecodedSpan[], name: string | RegExp): DecodedSpan[] {
  return spans.filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
}

export function services(spans: DecodedSpan[]): Set<string> {
  return new Set(spans.map((s) => String(s.resource['service.name'])));
}
