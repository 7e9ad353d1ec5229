// Shared by the attribution fixtures: many concurrent callers, each a span named
// `caller <scenario> <who>` (who = cust-N inside its own botanuWorkflow run, or
// plain-N outside any run), issue one call each at the same time. A library
// that sends the call later must still make its span a child of that caller,
// in that caller's run (test/helpers/attribution.ts checks).
import { trace } from '@opentelemetry/api';
import { botanuWorkflow } from '@botanu/agent';

const tracer = trace.getTracer('attribution-fixture');
export const CALLERS = Number(process.env.CALLERS ?? 30);

/** Runs `call(who)` for every caller at once (every fifth outside any run); resolves when all settled. */
export async function concurrentCallers(scenario, call) {
  const jobs = [];
  for (let i = 0; i < CALLERS; i++) {
    const who = i % 5 === 4 ? `plain-${i}` : `cust-${i}`;
    const asCaller = () =>
      tracer.startActiveSpan(`caller ${scenario} ${who}`, async (span) => {
        try {
          return await call(who);
        } catch (err) {
          console.error(`${scenario} ${who}: ${err?.code ?? err?.message ?? err}`);
        } finally {
          span.end();
        }
      });
    jobs.push(who.startsWith('plain') ? asCaller() : botanuWorkflow({ name: 'attribution', eventId: `${scenario}-${who}`, customerId: who }, asCaller)());
  }
  await Promise.all(jobs);
}
