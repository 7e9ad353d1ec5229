// Runs the demo driver from the install dir (what `npm run demo` runs after installing).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { cleanEnv } from './app';
import { APP_DIR } from './paths';

export function runDemo(args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [path.join(APP_DIR, 'demo', 'drive.mjs'), ...args], { cwd: APP_DIR, env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c) => (stdout += c));
    proc.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
