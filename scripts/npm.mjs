// Runs npm on the node that runs the script (the repo's pinned Node when started
// through it), so packages resolve for that Node's engines. Shared by the test
// install (test/prepare-app.mjs), the benchmark install and the Operator build.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
  ].filter((c) => c && c.endsWith('.js'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('npm-cli.js not found');
  return found;
}

export function npm(args, cwd) {
  return execFileSync(process.execPath, [npmCli(), ...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
  });
}
