// A fixed number of spans in separate bursts (SPAN_BURSTS of 20, 120 ms apart),
// so that with a short schedule delay each burst is its own export request; the
// process then ends on its own (the rest goes out at exit), or first stays up for
// SPAN_LINGER_MS. Names are b<burst>-<n>: a test can check each arrived exactly once.
import { trace } from '@opentelemetry/api';

const bursts = Number(process.env.SPAN_BURSTS ?? 6);
const tracer = trace.getTracer('bursts');
for (let b = 0; b < bursts; b++) {
  for (let n = 0; n < 20; n++) tracer.startSpan(`b${b}-${n}`, { attributes: { burst: b } }).end();
  await new Promise((r) => setTimeout(r, 120));
}
console.log('DONE');
if (process.env.SPAN_LINGER_MS) await new Promise((r) => setTimeout(r, Number(process.env.SPAN_LINGER_MS)));
