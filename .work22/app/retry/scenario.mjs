// Shared by the retry fixture apps: each scenario is one botanuWorkflow run, and
// the app prints one line `RESULT {"<scenario>": {runId, body | error}}` at the end.
import { botanuWorkflow, getRunId } from '@botanu/agent';

export const FLAKY_URL = process.env.FLAKY_URL;
// Keeps the flaky server's hit counters of two test runs (Node 22 / 24) apart.
export const TAG = process.env.SCENARIO_TAG ?? String(process.pid);

const results = {};

export async function scenario(name, fn) {
  const run = botanuWorkflow({ name: `retry-${name}`, eventId: name, customerId: 'retry-fixture' }, async () => {
    const runId = getRunId();
    try {
      return { runId, body: await fn() };
    } catch (err) {
      return { runId, error: String(err?.code ?? err?.message ?? err) };
    }
  });
  results[name] = await run();
}

export function report() {
  console.log(`RESULT ${JSON.stringify(results)}`);
}
