// `botanu-agent dev [...] -- <command>`: runs the command (an app's integration
// tests, a script driving the services) with every Node process in it preloading
// the agent and exporting to this dev receiver, so a CI job gets the runs' costs
// without touching the app's configuration.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The agent's ESM entry (it loads the CommonJS one too): the app's own copy when it has one, else ours. */
function registerUrl(cwd: string): string {
  let file: string;
  try {
    file = path.join(path.dirname(createRequire(path.join(cwd, 'noop.js')).resolve('@botanu/agent/register')), 'register.mjs');
  } catch {
    file = path.join(__dirname, '..', 'register.mjs'); // dist/cli.cjs → the package root
  }
  return pathToFileURL(file).href;
}

/** A NODE_OPTIONS value: quoted when it has spaces, as Node's parser expects. */
const quote = (v: string) => (/[\s"\\]/.test(v) ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v);

/** The command's environment: the app's own, pointed at the receiver, every run sampled. */
export function commandEnv(appEnv: NodeJS.ProcessEnv, url: string, cwd: string): NodeJS.ProcessEnv {
  const env = { ...appEnv };
  env.OTEL_EXPORTER_OTLP_ENDPOINT = url;
  env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
  env.OTEL_TRACES_EXPORTER = 'otlp';
  // The traces-specific variables would win over the ones above; a ratio sampler would drop runs.
  for (const k of ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']) delete env[k];
  env.OTEL_BSP_SCHEDULE_DELAY ??= '200';
  const current = env.NODE_OPTIONS ?? '';
  if (!/@botanu\/agent\/register|@botanu[\\/]agent[\\/]register\.[cm]js/.test(current)) env.NODE_OPTIONS = `${current} --import ${quote(registerUrl(cwd))}`.trim();
  return env;
}

export interface RunningCommand {
  /** The command's exit code (128 + signal number when a signal ended it, as a shell reports it). */
  exited: Promise<number>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts the command with the terminal's stdin and stderr; its stdout goes to
 * ours, or to stderr when ours carries JSON lines that must stay parseable.
 */
export function startCommand(command: string[], env: NodeJS.ProcessEnv, stdoutToStderr: boolean): RunningCommand {
  const child = spawn(command[0], command.slice(1), { env, stdio: ['inherit', stdoutToStderr ? 2 : 'inherit', 'inherit'] });
  const exited = new Promise<number>((resolve) => {
    child.once('error', (err) => {
      process.stderr.write(`botanu-agent dev: cannot run ${JSON.stringify(command[0])} (${(err as NodeJS.ErrnoException).code ?? err.message})\n`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + ((signal && constants.signals[signal]) || 1)));
  });
  return {
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
