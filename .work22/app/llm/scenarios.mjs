// Runs a fixture app's scenarios, each as its own botanu run (workflow
// llm-<name>, event evt-<name>, customer acme): those named in SCENARIOS, or all.
// Prints RESULT <json> with what each returned.
import { botanuWorkflow } from '@botanu/agent';

export async function runScenarios(scenarios) {
  const results = {};
  for (const name of (process.env.SCENARIOS ?? Object.keys(scenarios).join(',')).split(',')) {
    const run = botanuWorkflow({ name: `llm-${name}`, eventId: `evt-${name}`, customerId: 'acme' }, scenarios[name]);
    try {
      results[name] = await run();
    } catch (err) {
      results[name] = `threw ${err?.constructor?.name}: ${err?.message}`;
    }
  }
  console.log(`RESULT ${JSON.stringify(results)}`);
}

/** Reads a stream as an app would, optionally stopping (break) after `stopAfter` items. */
export async function read(stream, stopAfter = Infinity) {
  let n = 0;
  for await (const _ of stream) if (++n >= stopAfter) break;
  return n;
}
