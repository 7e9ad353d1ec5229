// Span times as the SDK keeps them ([seconds, nanoseconds] since the epoch),
// computed with the same arithmetic as @opentelemetry/core's millisToHrTime /
// addHrTimes / hrTimeDuration, without their intermediate arrays: a span's start
// and end are one array each.
import type { HrTime } from '@opentelemetry/api';

/** Epoch milliseconds as [seconds, nanoseconds] (core's millisToHrTime). */
export function millisToHr(ms: number): HrTime {
  return [Math.trunc(ms / 1e3), Math.round((ms % 1e3) * 1e6)];
}

/** `start` plus a duration in milliseconds (core's addHrTimes(start, millisToHrTime(ms))). */
export function addMillis(start: HrTime, ms: number): HrTime {
  let s = start[0] + Math.trunc(ms / 1e3);
  let ns = start[1] + Math.round((ms % 1e3) * 1e6);
  if (ns >= 1e9) {
    ns -= 1e9;
    s += 1;
  }
  return [s, ns];
}

/** end − start (core's hrTimeDuration). */
export function hrDuration(start: HrTime, end: HrTime): HrTime {
  let s = end[0] - start[0];
  let ns = end[1] - start[1];
  if (ns < 0) {
    s -= 1;
    ns += 1e9;
  }
  return [s, ns];
}

/** end < start, compared without building the duration. */
export function endsBeforeStart(start: HrTime, end: HrTime): boolean {
  return end[0] < start[0] || (end[0] === start[0] && end[1] < start[1]);
}
