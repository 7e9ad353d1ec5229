// `botanu-agent` command line: doctor and dev. Bundled to dist/cli.cjs.
import * as path from 'node:path';
import { AGENT_VERSION } from '../version';
import { parseBudget, type BudgetRule } from './cost/budget';
import { runDev } from './dev';
import { runDoctor } from './doctor';
import { loadConfig } from '../config/config';
import { UrlSecretRule } from '../config/url-secrets';

const USAGE = `botanu-agent ${AGENT_VERSION}

Usage:
  npx botanu-agent doctor [--json] [--timeout MS] [--dir APP_DIR] [-- <the app's start command>]
      Run in the app's directory with the app's environment. Prints the effective
      configuration and where each value came from, invalid values, library coverage,
      Node support, other tracers preloaded, and sends one test span to each destination.
      Exit code 1 when something would prevent telemetry.
  npx botanu-agent dev [--port 4318] [--host 127.0.0.1] [--json] [--quiet-ms 1500] [--rollup-every N]
                       [--budget WORKFLOW=USD]... [--out runs.jsonl] [-- <command>]
      A local OTLP receiver (http/protobuf and http/json) printing one block per run with
      its estimated LLM cost, and a cost rollup by workflow and customer on exit.
      --json writes the decoded spans, run summaries and rollup as JSON lines instead.
      With -- <command>: runs the command with the agent preloaded and exporting here
      (on a free port unless --port is given), then prints the rollup and exits.
      --budget WORKFLOW=USD (or '*=USD'): exit code 1 when a run of WORKFLOW cost more.
      --out FILE: every run with its cost, one JSON line each.
`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

function options(args: string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === name && i + 1 < args.length) out.push(args[i + 1]);
    else if (a.startsWith(`${name}=`)) out.push(a.slice(name.length + 1));
  });
  return out;
}

function budgetOptions(args: string[]): BudgetRule[] {
  return options(args, '--budget').map((spec) => {
    const rule = parseBudget(spec);
    if (typeof rule === 'string') {
      process.stderr.write(`botanu-agent: ${rule}\n`);
      process.exit(2);
    }
    return rule;
  });
}

function intOption(args: string[], name: string, fallback: number, min: number, max: number): number {
  const v = option(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`botanu-agent: ${name} expects an integer from ${min} to ${max}; got ${JSON.stringify(v)}\n`);
    process.exit(2);
  }
  return n;
}

/** The app's environment: bin/botanu-agent.cjs moved NODE_OPTIONS aside so its preloads stay out of the CLI. */
function appEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const original = env.BOTANU_CLI_APP_NODE_OPTIONS;
  delete env.BOTANU_CLI_APP_NODE_OPTIONS;
  if (original !== undefined) env.NODE_OPTIONS = original;
  return env;
}

async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const args = dash >= 0 ? argv.slice(0, dash) : argv;
  const rest = dash >= 0 ? argv.slice(dash + 1) : [];
  const [command] = args;
  if (command === 'doctor') {
    return runDoctor({
      appDir: path.resolve(option(args, '--dir') ?? process.cwd()),
      env: appEnv(),
      json: args.includes('--json'),
      command: rest,
      timeoutMs: intOption(args, '--timeout', 5000, 1, 120_000),
    });
  }
  if (command === 'dev') {
    return runDev({
      // With a command, a free port: CI machines may run several jobs, and the command is told where.
      port: intOption(args, '--port', rest.length ? 0 : 4318, 0, 65535),
      host: option(args, '--host') ?? '127.0.0.1',
      json: args.includes('--json'),
      quietMs: intOption(args, '--quiet-ms', 1500, 0, 600_000),
      urls: new UrlSecretRule(loadConfig(appEnv()).redactQueryParams),
      budgets: budgetOptions(args),
      outFile: option(args, '--out'),
      rollupEvery: intOption(args, '--rollup-every', 0, 0, 1_000_000),
      command: rest,
      appEnv: appEnv(),
    });
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  process.stdout.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`botanu-agent: ${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  },
);
