// Installs the packed agent with a fixture's own pinned libraries into a
// directory of its own, with npm or pnpm, once per content: for apps whose
// libraries cannot share the main fixture install (peer conflicts) or whose
// point is the package manager's layout (pnpm's isolated node_modules/.pnpm).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_DIR, FIXTURES } from './paths';

const WORK = path.dirname(APP_DIR);
export const PNPM_VERSION = '12.25.1';

function tarball(): string {
  const t = fs.readdirSync(WORK).filter((f) => /^botanu-agent-.*\.tgz$/.test(f));
  if (!t.length) throw new Error(`no packed agent in ${WORK}: run test/prepare-app.mjs`);
  return path.join(WORK, t.sort().pop()!);
}

function npmCli(): string {
  const found = [path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), '/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js'].find((c) => fs.existsSync(c));
  if (!found) throw new Error('npm-cli.js not found');
  return found;
}

/** The area's files (scripts, and an app's own tree such as Next.js' app/), not its deps files. */
function copySources(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      copySources(src, dst);
    } else if (!/deps\.json$/.test(e.name)) fs.copyFileSync(src, dst);
  }
}

/**
 * `fixtures/<area>/<depsFile>` ({"dependencies": {...}}) plus the packed agent,
 * installed in WORK/<name>; the area's files copied beside them. Returns the directory.
 */
export function installSeparateApp(name: string, area: string, depsFile: string, manager: 'npm' | 'pnpm' = 'npm', alsoCopy: string[] = ['llm/scenarios.mjs']): string {
  const dir = path.join(WORK, name);
  const tgz = tarball();
  const deps = JSON.parse(fs.readFileSync(path.join(FIXTURES, area, depsFile), 'utf8')).dependencies as Record<string, string>;
  const pkg = { name, private: true, dependencies: { ...deps, '@botanu/agent': `file:${tgz}` } };
  const want = createHash('sha256').update(fs.readFileSync(tgz)).update(JSON.stringify(pkg)).update(manager).digest('hex');
  const stamp = path.join(dir, '.stamp');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` };
    const npmArgs = ['--no-audit', '--no-fund', '--loglevel=error'];
    if (manager === 'npm') execFileSync(process.execPath, [npmCli(), 'install', '--no-package-lock', ...npmArgs], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
    else execFileSync(process.execPath, [npmCli(), 'exec', '--yes', ...npmArgs, '--', `pnpm@${PNPM_VERSION}`, 'install', '--reporter=silent'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
    fs.writeFileSync(stamp, want);
  }
  copySources(path.join(FIXTURES, area), dir);
  for (const f of alsoCopy) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, path.basename(f)));
  return dir;
}
