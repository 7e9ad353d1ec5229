// Small statistics for tests that compare repeated measurements.

/** The middle value (the upper middle of an even count); the input is left as it was. */
export function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}
