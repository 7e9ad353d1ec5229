// Starts a fixture app in a real node process with the real preload flag.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { APP_DIR } from './paths';

export type Preload = 'import' | 'require' | 'node-options' | 'none';

export interface AppOptions {
  preload?: Preload;
  env?: Record<string, string | undefined>;
  args?: string[];
  /** Extra node flags placed before the preload. */
  nodeFlags?: string[];
  cwd?: string;
  /** The node binary (default: the one running the tests). */
  node?: string;
}

export interface RunningApp {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `re` in stdout. */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** The environment of a clean machine: nothing inherited that could change the agent's behaviour. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OTEL_|BOTANU_|NODE_OPTIONS$|DD_|SENTRY_)/.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`;
  env.OTEL_BSP_SCHEDULE_DELAY = '50';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function preloadArgs(preload: Preload): { args: string[]; nodeOptions?: string } {
  switch (preload) {
    case 'import':
      return { args: ['--import', '@botanu/agent/register'] };
    case 'require':
      return { args: ['--require', '@botanu/agent/register'] };
    case 'node-options':
      return { args: [], nodeOptions: '--require @botanu/agent/register' };
    default:
      return { args: [] };
  }
}

export function startApp(script: string, opts: AppOptions = {}): RunningApp {
  const { args, nodeOptions } = preloadArgs(opts.preload ?? 'import');
  const env = cleanEnv(opts.env);
  if (nodeOptions) env.NODE_OPTIONS = [env.NODE_OPTIONS, nodeOptions].filter(Boolean).join(' ');
  const proc = spawn(opts.node ?? process.execPath, [...(opts.nodeFlags ?? []), ...args, script, ...(opts.args ?? [])], {
    cwd: opts.cwd ?? APP_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
    waitForOutput(re, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(re);
          if (m) {
            done();
            resolve(m);
          }
        };
        const onExit = () => {
          done();
          reject(new Error(`app exited before printing ${re}\nstdout: ${out}\nstderr: ${err}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${re}\nstdout: ${out}\nstderr: ${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          proc.stdout!.off('data', check);
          proc.off('exit', onExit);
        };
        proc.stdout!.on('data', check);
        proc.on('exit', onExit);
        check();
      });
    },
  };
}

/** Runs a script to completion and returns its output. */
export async function runToEnd(script: string, opts: AppOptions = {}, timeoutMs = 30_000) {
  const app = startApp(script, opts);
  const timer = setTimeout(() => app.kill('SIGKILL'), timeoutMs);
  const res = await app.exited;
  clearTimeout(timer);
  return { ...res, stdout: app.stdout(), stderr: app.stderr() };
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const r = await fetch(url, { headers });
  return { status: r.status, body: await r.text() };
}
