// The demo, run from the install dir (fixtures/demo/run.sh prepares it): starts
// `botanu-agent dev` from the installed package, an LLM stand-in, the answer service
// (preload only) and the entry service (botanuWorkflow); drives three runs — a success,
// one with a rate-limited LLM call that the SDK retries, a failure — and prints what
// dev printed for each, with what each run cost; stopping dev prints the cost rollup.
// Every child is stopped before exit. Extra arguments go to dev.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(APP, 'node_modules', '@botanu', 'agent', 'bin', 'botanu-agent.cjs');
const RUN_PRINTED = /^── run |"type":"run"/gm;
const children = [];

function start(name, args, env = {}) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (/^(OTEL_|BOTANU_|NODE_OPTIONS$)/.test(k)) delete base[k];
  const proc = spawn(process.execPath, args, { cwd: APP, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const child = { name, proc, out: '', err: '' };
  proc.stdout.on('data', (c) => (child.out += c));
  proc.stderr.on('data', (c) => (child.err += c));
  proc.on('exit', (code, signal) => (child.exit = { code, signal }));
  child.closed = new Promise((resolve) => proc.once('close', resolve));
  children.push(child);
  return child;
}

function waitFor(child, stream, re, timeoutMs = 20_000, count = 1) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const all = [...child[stream].matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))];
      if (all.length >= count) return done(() => resolve(all[count - 1]));
      if (child.exit) done(() => reject(new Error(`${child.name} exited (${JSON.stringify(child.exit)}) before ${re}:\n${child.err}`)));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`${child.name}: timed out waiting for ${re}\n${child.err}`))), timeoutMs);
    const done = (f) => {
      clearTimeout(timer);
      child.proc.stdout.off('data', check);
      child.proc.stderr.off('data', check);
      child.proc.off('exit', check);
      f();
    };
    child.proc.stdout.on('data', check);
    child.proc.stderr.on('data', check);
    child.proc.on('exit', check);
    check();
  });
}

async function stopAll() {
  for (const c of children) if (!c.exit) c.proc.kill('SIGTERM');
  // 'close': the child exited and its output (dev's cost rollup, printed as it stops) was read to the end.
  await Promise.all(children.map((c) => c.closed));
}

async function main() {
  const dev = start('dev', [CLI, 'dev', '--port', process.env.DEMO_PORT ?? '0', '--quiet-ms', '600', ...process.argv.slice(2)]);
  dev.proc.stdout.pipe(process.stdout);
  const [, devUrl] = await waitFor(dev, 'err', /listening on (http:\/\/\S+)/);
  const telemetry = { OTEL_EXPORTER_OTLP_ENDPOINT: devUrl, OTEL_BSP_SCHEDULE_DELAY: '100' };

  const llm = start('llm', ['demo/llm-stub.mjs']);
  const [, llmPort] = await waitFor(llm, 'out', /READY (\d+)/);
  const answer = start('answer', ['demo/answer.cjs'], { ...telemetry, OTEL_SERVICE_NAME: 'answer', LLM_URL: `http://127.0.0.1:${llmPort}`, NODE_OPTIONS: '--require @botanu/agent/register' });
  const [, answerPort] = await waitFor(answer, 'out', /READY (\d+)/);
  const entry = start('entry', ['--import', '@botanu/agent/register', 'demo/entry.mjs'], { ...telemetry, OTEL_SERVICE_NAME: 'entry', ANSWER_URL: `http://127.0.0.1:${answerPort}` });
  const [, entryPort] = await waitFor(entry, 'out', /READY (\d+)/);

  console.log(`botanu demo: entry (botanuWorkflow) → answer (preload only, openai SDK) → LLM stand-in; \`botanu-agent dev\` on ${devUrl} prints each run\n`);
  for (const c of [entry, answer]) console.log(`[${c.name}] ${c.err.split('\n').find((l) => l.startsWith('[botanu] agent')) ?? '(no startup line)'}`);
  console.log();

  for (const [i, q] of ['T-100?customer=acme', 'T-101?customer=globex&retry=1', 'T-102?customer=initech&fail=1'].entries()) {
    const r = await fetch(`http://127.0.0.1:${entryPort}/tickets/${q}`);
    const body = await r.json();
    console.log(`▶ GET /tickets/${q} → HTTP ${r.status}, run ${body.runId}${body.error ? ` (${body.error})` : ''}\n`);
    await waitFor(dev, 'out', RUN_PRINTED, 20_000, i + 1);
  }
  const stats = await (await fetch(`http://127.0.0.1:${llmPort}/stats`)).json();
  console.log(`LLM stand-in served ${stats.completions} completions (${stats.inputTokens} in / ${stats.outputTokens} out / ${stats.cachedTokens} cached tokens), answered 429 ${stats.rateLimited}× and 400 ${stats.rejected}×`);
}

let code = 0;
try {
  await main();
} catch (err) {
  console.error(`demo failed: ${err.message}`);
  code = 1;
} finally {
  await stopAll();
}
process.exit(code);
