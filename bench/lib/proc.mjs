// Child processes for the benchmark: servers that print `READY <port>`, and
// short scripts timed from spawn to exit.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export function startServer(node, args, { env, cwd, timeoutMs = 30_000 }) {
  const proc = spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no READY within ${timeoutMs} ms\n${err}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before READY\n${err}`));
    });
  });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  return {
    proc,
    ready,
    stderr: () => err,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Resident set size of a live process, in kB (Linux /proc). */
export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system, all threads) a live process has used so far, in ms (Linux /proc). */
export function cpuMs(pid) {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/** A /proc `stat` line's name and user and kernel CPU time (ms). */
function parseStat(stat) {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), user: (Number(f[11]) * 1000) / CLOCK_TICKS, system: (Number(f[12]) * 1000) / CLOCK_TICKS };
}

/** The process's CPU time so far, user and kernel apart (ms). */
export function cpuSplitMs(pid) {
  try {
    const { user, system } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return { user, system };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/**
 * CPU ms (user + system) of a process by thread: its main (JS) thread, V8's helper
 * threads (parallel and concurrent GC, background compilation: `V8Worker`, `V8 DefaultWorke`),
 * and the rest (libuv's pool, Node's inspector and signal threads), from /proc/<pid>/task.
 */
export function cpuByThreadMs(pid) {
  const out = { main: 0, v8: 0, other: 0 };
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { main: NaN, v8: NaN, other: NaN };
  }
  for (const tid of tasks) {
    try {
      const { comm, user, system } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      out[tid === String(pid) ? 'main' : /^V8/.test(comm) ? 'v8' : 'other'] += user + system;
    } catch {
      /* the thread ended */
    }
  }
  return out;
}
// USER_HZ: 100 on every Linux the benchmark targets (getconf CLK_TCK).
const CLOCK_TICKS = 100;

/** Runs a script to its exit; wall time is measured from spawn to exit, as a user would see it. */
export function runToExit(node, args, { env, cwd, timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const proc = spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, signal, stdout, stderr });
    });
  });
}

export async function getJson(url, init) {
  const r = await fetch(url, init);
  return r.json();
}
